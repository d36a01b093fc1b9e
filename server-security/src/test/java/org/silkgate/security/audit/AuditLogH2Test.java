package org.silkgate.security.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on H2 in file mode, the servers' default store. */
class AuditLogH2Test extends AuditLogContract {
    @TempDir
    Path dir;

    private final List<JdbcConnectionPool> pools = new ArrayList<>();
    private final Map<DataSource, String> urls = new IdentityHashMap<>();
    private int databases;

    @Override
    DataSource freshDatabase() {
        return pool(
                "jdbc:h2:file:" + dir.resolve("audit-" + (++databases)).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Override
    DataSource secondPool(DataSource database) {
        return pool(urls.get(database));
    }

    private JdbcConnectionPool pool(String url) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "", "");
        pool.setMaxConnections(16);
        pools.add(pool);
        urls.put(pool, url);
        return pool;
    }

    @AfterEach
    void closePools() {
        pools.forEach(JdbcConnectionPool::dispose);
    }
}
