package io.pqrstuv.client.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Makes TLS sockets that offer TLS 1.3 and nothing else. An {@code SSLContext} for "TLSv1.3"
 * still enables TLS 1.2 on its client sockets by default, and {@code HttpsURLConnection} has no
 * per-connection protocol setting, so the restriction is applied to every socket made here.
 */
final class Tls13SocketFactory extends SSLSocketFactory {
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    private final SSLSocketFactory delegate;

    Tls13SocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    private static Socket tls13(Socket s) {
        if (s instanceof SSLSocket ssl) {
            ssl.setEnabledProtocols(PROTOCOLS.clone());
        }
        return s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return tls13(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return tls13(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tls13(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return tls13(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tls13(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return tls13(delegate.createSocket(address, port, localAddress, localPort));
    }
}
