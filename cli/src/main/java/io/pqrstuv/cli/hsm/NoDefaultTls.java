package io.pqrstuv.cli.hsm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The process-wide default for HTTPS connections in the CLI: refuses every socket. The CLI talks
 * HTTPS only through {@code PqrstuvClient}, which sets its own pinned factory on each connection,
 * so an unpinned connection would be a bug. Installing this also spares every CLI run the JDK's
 * default TLS context, which {@link HttpsURLConnection}'s constructor otherwise builds by loading
 * the cacerts trust store: about 0.1 s of a 0.6 s start-up budget (docs/benchmarks.md).
 */
public final class NoDefaultTls extends SSLSocketFactory {
    private NoDefaultTls() {
    }

    /** Makes this the default for {@link HttpsURLConnection} (the CLI's {@code main} only). */
    public static void install() {
        HttpsURLConnection.setDefaultSSLSocketFactory(new NoDefaultTls());
    }

    private static Socket refuse() throws IOException {
        throw new IOException("unpinned HTTPS is not allowed in pqrstuv (device connections pin the certificate)");
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return new String[0];
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return new String[0];
    }

    @Override
    public Socket createSocket() throws IOException {
        return refuse();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return refuse();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return refuse();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return refuse();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return refuse();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return refuse();
    }
}
