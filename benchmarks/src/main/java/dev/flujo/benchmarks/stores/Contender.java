package dev.flujo.benchmarks.stores;

import java.nio.file.Path;
import java.util.function.Function;

/** The contenders, by the name used in JMH parameters and result tables. */
public enum Contender {
  /** Hand-written JDBC, held connection: the yardstick. */
  JDBC_LIMIT("jdbc-limit", JdbcLimitStore::new),
  /** Flujo's generated DAO. */
  FLUJO("flujo", FlujoStore::new),
  /**
   * Flujo's generated DAO with flujo-micrometer's {@code FlujoMetrics} listening and bound to a
   * registry: the cost of metrics, next to {@link #FLUJO}.
   */
  FLUJO_METRICS("flujo-metrics", target -> new FlujoStore(target, true)),
  /** Hand-written JDBC, pooled connection and statement prepared per call. */
  JDBC_EVERYDAY("jdbc-everyday", JdbcEverydayStore::new),
  /** JDBI 3 SqlObject. */
  JDBI("jdbi", JdbiStore::new),
  /** jOOQ DSL without code generation. */
  JOOQ("jooq", JooqStore::new),
  /** Hibernate ORM 7, StatelessSession. */
  HIBERNATE("hibernate", HibernateStore::new);

  private final String id;
  private final Function<Target, StateStore<?>> factory;

  Contender(String id, Function<Target, StateStore<?>> factory) {
    this.id = id;
    this.factory = factory;
  }

  /** The contender's name in parameters and tables. */
  public String id() {
    return id;
  }

  /** Opens the contender over a file that already holds the schema. */
  public StateStore<?> open(Path file) {
    return factory.apply(Target.sqlite(file));
  }

  /** Opens the contender over a database (a file or a PostgreSQL URL) that holds the schema. */
  public StateStore<?> open(Target target) {
    return factory.apply(target);
  }

  /** The contender with this {@link #id()}. */
  public static Contender byId(String id) {
    for (Contender c : values()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown contender " + id);
  }
}
