package dev.lockstep.postgres.micronaut;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Once the pool exists, its {@link PoolConnector} learns whom it serves: from then on it keeps trying
 * while a thread waits on that pool ({@link PoolConnector#serve}).
 */
@Singleton
@Requires(property = "lockstep.storage", value = "postgres")
public class PoolConnectorAttach implements BeanCreatedEventListener<DataSource> {

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource dataSource = event.getBean();
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
                if (pool.isWrapperFor(PoolConnector.class)) {
                    pool.unwrap(PoolConnector.class).serve(pool);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the connection pool's connector: " + e.getMessage(), e);
        }
        return dataSource;
    }
}
