package io.pqrstuv.cli.card;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code pqrstuv card …}: the Cryptnox smartcard lifecycle, over PC/SC or the remote socket mode. */
@Command(name = "card", mixinStandardHelpOptions = true,
        description = {"Drive a Cryptnox hardware-wallet smartcard (Basic G1 or NFT) in a PC/SC reader, "
                + "or a card served in the Cryptnox remote socket mode."},
        subcommands = {ListReadersCommand.class, CardInfoCommand.class, InitCommand.class, VerifyPinCommand.class,
            ChangePinCommand.class, ChangePukCommand.class, UnblockPinCommand.class, SeedCommand.class,
            DeriveCommand.class, CardPublicKeyCommand.class, CardSignCommand.class, UserDataCommand.class,
            HistoryCommand.class, RandomCommand.class, ResetCommand.class, OriginCommand.class, DeviceSecretCommand.class,
            UserKeyCommand.class, EncryptCommand.class, DecryptCommand.class, SignPublicCommand.class,
            SignatureCheckCommand.class, SettingsCommand.class},
        footer = {"%nExamples:", "  pqrstuv card list-readers", "  pqrstuv card init --name Alice",
            "  pqrstuv card seed generate", "  pqrstuv card derive \"m/44'/60'/0'/0/0\"",
            "  pqrstuv card sign 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "  pqrstuv card info --remote 127.0.0.1:4000", "  pqrstuv card seed dual --reader 0 --with-reader 1",
            "  pqrstuv card user-key add ec --key-file laptop.pub.pem --description laptop",
            "  pqrstuv card decrypt notes.enc -o notes.txt"})
public final class CardCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
