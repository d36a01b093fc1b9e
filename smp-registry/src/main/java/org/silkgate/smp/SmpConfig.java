package org.silkgate.smp;

import java.nio.file.Path;
import java.util.Objects;
import org.silkgate.security.login.LoginThrottle;

/**
 * Everything an SMP registry process needs. Null means "the default": {@code keystorePasswordFile} and
 * {@code tlsPasswordFile} fall back to {@code passwords.properties} beside the keystore, {@code keyAlias} to the
 * keystore's only key, {@code publicUrl} to the URL the server listens on, {@code jdbcUrl} to an H2 file in
 * {@code dataDir}, {@code tlsKeystore} to plain HTTP, {@code throttling} to {@link LoginThrottle.Limits#DEFAULT}. Port 0 picks
 * a free port. {@code hotCacheMib} bounds the heap the hot documents may take (estimated, in MiB).
 */
public record SmpConfig(
        Path dataDir,
        Path keystore,
        Path keystorePasswordFile,
        String keyAlias,
        String bind,
        int port,
        String publicUrl,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        Path tlsKeystore,
        Path tlsPasswordFile,
        int hotCacheMib,
        LoginThrottle.Limits throttling) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    /** The hot documents' default budget: about 25 000 participants with two signed documents of 4–5 KB each. */
    public static final int DEFAULT_HOT_CACHE_MIB = 256;

    public SmpConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, not " + port);
        if (hotCacheMib < 1) throw new IllegalArgumentException("hotCacheMib must be positive, not " + hotCacheMib);
        if (throttling == null) throttling = LoginThrottle.Limits.DEFAULT;
    }

    /** Plain HTTP on a free loopback port, H2 under {@code dataDir}, signing with the only key in {@code keystore}. */
    public static SmpConfig defaults(Path dataDir, Path keystore) {
        return new SmpConfig(
                dataDir,
                keystore,
                null,
                null,
                DEFAULT_BIND,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                DEFAULT_HOT_CACHE_MIB,
                LoginThrottle.Limits.DEFAULT);
    }

    public SmpConfig withPort(int port) {
        return with(b -> b.port = port);
    }

    public SmpConfig withBind(String bind) {
        return with(b -> b.bind = bind);
    }

    public SmpConfig withPublicUrl(String publicUrl) {
        return with(b -> b.publicUrl = publicUrl);
    }

    public SmpConfig withKey(Path passwordFile, String alias) {
        return with(b -> {
            b.keystorePasswordFile = passwordFile;
            b.keyAlias = alias;
        });
    }

    public SmpConfig withDatabase(String jdbcUrl, String user, String password) {
        return with(b -> {
            b.jdbcUrl = jdbcUrl;
            b.dbUser = user;
            b.dbPassword = password;
        });
    }

    public SmpConfig withTls(Path tlsKeystore, Path tlsPasswordFile) {
        return with(b -> {
            b.tlsKeystore = tlsKeystore;
            b.tlsPasswordFile = tlsPasswordFile;
        });
    }

    public SmpConfig withHotCacheMib(int hotCacheMib) {
        return with(b -> b.hotCacheMib = hotCacheMib);
    }

    /** The hot documents' budget in bytes. */
    public long hotCacheBytes() {
        return hotCacheMib * 1024L * 1024L;
    }

    public SmpConfig withThrottling(LoginThrottle.Limits throttling) {
        return with(b -> b.throttling = throttling);
    }

    private SmpConfig with(java.util.function.Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** One setting changed, the others kept: what the {@code with…} methods share. */
    private static final class Builder {
        Path dataDir;
        Path keystore;
        Path keystorePasswordFile;
        String keyAlias;
        String bind;
        int port;
        String publicUrl;
        String jdbcUrl;
        String dbUser;
        String dbPassword;
        Path tlsKeystore;
        Path tlsPasswordFile;
        int hotCacheMib;
        LoginThrottle.Limits throttling;

        Builder(SmpConfig c) {
            dataDir = c.dataDir;
            keystore = c.keystore;
            keystorePasswordFile = c.keystorePasswordFile;
            keyAlias = c.keyAlias;
            bind = c.bind;
            port = c.port;
            publicUrl = c.publicUrl;
            jdbcUrl = c.jdbcUrl;
            dbUser = c.dbUser;
            dbPassword = c.dbPassword;
            tlsKeystore = c.tlsKeystore;
            tlsPasswordFile = c.tlsPasswordFile;
            hotCacheMib = c.hotCacheMib;
            throttling = c.throttling;
        }

        SmpConfig build() {
            return new SmpConfig(
                    dataDir,
                    keystore,
                    keystorePasswordFile,
                    keyAlias,
                    bind,
                    port,
                    publicUrl,
                    jdbcUrl,
                    dbUser,
                    dbPassword,
                    tlsKeystore,
                    tlsPasswordFile,
                    hotCacheMib,
                    throttling);
        }
    }

    /** The JDBC URL in effect: the configured one or the H2 file under {@code dataDir}. */
    public String effectiveJdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : org.silkgate.smp.store.Database.h2Url(dataDir);
    }
}
