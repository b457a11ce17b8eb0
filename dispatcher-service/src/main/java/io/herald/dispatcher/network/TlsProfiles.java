package io.herald.dispatcher.network;

import io.herald.contract.secret.SecretResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the TLS side of provider connections from {@link NetworkProperties}: one {@link TlsProfile} for the
 * defaults and one per configured channel and host, each an {@link SSLContext} (JDK trust plus the profile's
 * extra trust store) and {@link SSLParameters} (protocols, cipher suites, HTTPS host name check). Bad
 * settings fail at start-up naming the property.
 */
public final class TlsProfiles {

    /** A profile: what to build an HTTP client with, and what to say about it in a diagnostic. */
    public record TlsProfile(String name, SSLContext context, SSLParameters parameters) {
        public String describe() {
            String[] suites = parameters.getCipherSuites();
            return "protocols " + Arrays.toString(parameters.getProtocols()) + ", " + suites.length + " cipher suites"
                    + (suites.length <= 4 ? " " + Arrays.toString(suites) : "");
        }
    }

    private final TlsProfile defaults;
    private final Map<String, TlsProfile> channels = new LinkedHashMap<>();
    private final Map<String, TlsProfile> hosts = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public TlsProfiles(NetworkProperties.Tls settings, SecretResolver secrets) {
        this.defaults = build("default", "herald.dispatcher.network.tls.defaults", settings.defaults(), secrets);
        settings.channels()
                .forEach((channel, tls) -> channels.put(
                        channel,
                        build(
                                "channel " + channel,
                                "herald.dispatcher.network.tls.channels." + channel,
                                tls,
                                secrets)));
        settings.hosts()
                .forEach((host, tls) -> hosts.put(
                        host,
                        build("host " + host, "herald.dispatcher.network.tls.hosts[" + host + "]", tls, secrets)));
    }

    /** The channel's profile, else its host's, else the default. */
    public TlsProfile profileFor(String channel, String host) {
        TlsProfile profile = channel == null ? null : channels.get(channel);
        if (profile == null && host != null) {
            profile = hosts.get(host);
        }
        return profile != null ? profile : defaults;
    }

    public Iterable<TlsProfile> all() {
        java.util.List<TlsProfile> all = new java.util.ArrayList<>();
        all.add(defaults);
        all.addAll(channels.values());
        all.addAll(hosts.values());
        return all;
    }

    private static TlsProfile build(
            String name, String property, NetworkProperties.TlsSettings tls, SecretResolver secrets) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager trust = tls.trustStore() == null || tls.trustStore().isBlank()
                    ? jdkTrust()
                    : new ExtraTrust(jdkTrust(), storeTrust(property, tls, secrets));
            context.init(null, new TrustManager[] {trust}, null);
            SSLParameters parameters = context.getDefaultSSLParameters();
            if (!tls.protocols().isEmpty()) {
                requireSupported(
                        property + ".protocols",
                        tls.protocols(),
                        context.getSupportedSSLParameters().getProtocols());
                parameters.setProtocols(tls.protocols().toArray(String[]::new));
            }
            if (!tls.cipherSuites().isEmpty()) {
                requireSupported(
                        property + ".cipher-suites",
                        tls.cipherSuites(),
                        context.getSupportedSSLParameters().getCipherSuites());
                parameters.setCipherSuites(tls.cipherSuites().toArray(String[]::new));
            }
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            return new TlsProfile(name, context, parameters);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(property + ": cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    private static void requireSupported(String property, java.util.List<String> wanted, String[] supported) {
        java.util.List<String> known = Arrays.asList(supported);
        for (String value : wanted) {
            if (!known.contains(value)) {
                throw new IllegalArgumentException(property + ": '" + value + "' is not supported by this JDK");
            }
        }
    }

    private static X509ExtendedTrustManager jdkTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return firstX509(factory);
    }

    private static X509ExtendedTrustManager storeTrust(
            String property, NetworkProperties.TlsSettings tls, SecretResolver secrets)
            throws GeneralSecurityException {
        Path file = Path.of(tls.trustStore());
        char[] password =
                tls.trustStorePassword() == null || tls.trustStorePassword().isBlank()
                        ? new char[0]
                        : secrets.resolve(property + ".trust-store-password", tls.trustStorePassword())
                                .toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    property + ".trust-store: cannot read " + file + " as PKCS12: " + e.getMessage(), e);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return firstX509(factory);
    }

    private static X509ExtendedTrustManager firstX509(TrustManagerFactory factory) {
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X509 trust manager");
    }

    /** Trusts what the JDK trusts, and also what the extra store trusts. */
    private static final class ExtraTrust extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager jdk;
        private final X509ExtendedTrustManager extra;

        ExtraTrust(X509ExtendedTrustManager jdk, X509ExtendedTrustManager extra) {
            this.jdk = jdk;
            this.extra = extra;
        }

        private interface Check {
            void run(X509ExtendedTrustManager manager) throws CertificateException;
        }

        private void either(Check check) throws CertificateException {
            try {
                check.run(jdk);
            } catch (CertificateException notByTheJdk) {
                check.run(extra);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("the dispatcher is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("the dispatcher is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the dispatcher is never a TLS server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = jdk.getAcceptedIssuers();
            X509Certificate[] b = extra.getAcceptedIssuers();
            X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
