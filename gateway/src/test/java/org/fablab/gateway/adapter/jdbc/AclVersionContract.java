package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ACL versions issued by the database: the behaviour every database must have. */
abstract class AclVersionContract {
    private final List<Database> opened = new ArrayList<>();

    /** Opens the test's database, creating it on the first call; each call is another pool, as another instance. */
    abstract Database openDatabase();

    abstract void dropDatabase();

    private JdbcAclVersions instance() {
        Database database = openDatabase();
        opened.add(database);
        return new JdbcAclVersions(database);
    }

    private void stopAll() {
        opened.forEach(Database::close);
        opened.clear();
    }

    @AfterEach
    void close() {
        stopAll();
        dropDatabase();
    }

    @Test
    void twoInstancesOnOneDatabase_issueStrictlyGrowingVersions() {
        JdbcAclVersions first = instance();
        JdbcAclVersions second = instance();

        List<Long> versions = List.of(first.next(), second.next(), first.next(), second.next(), second.next(),
                first.next());

        assertThat(versions).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void afterARestart_versionsGoOnGrowing() {
        JdbcAclVersions before = instance();
        before.next();
        long last = before.next();
        stopAll();

        assertThat(instance().next()).isGreaterThan(last);
    }

    @Test
    void theFirstVersion_isAboveTheEpochMillisecondVersionsOfEarlierGateways() {
        long issuedByAnEarlierGatewayNow = System.currentTimeMillis();

        assertThat(instance().next()).isGreaterThan(issuedByAnEarlierGatewayNow);
    }

    @Test
    void instancesDrawingAtOnce_neverIssueOneVersionTwice() throws Exception {
        List<JdbcAclVersions> instances = List.of(instance(), instance());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> drawn = IntStream.range(0, 200)
                    .mapToObj(i -> threads.submit(() -> instances.get(i % 2).next())).toList();
            List<Long> versions = new ArrayList<>();
            for (Future<Long> version : drawn) {
                versions.add(version.get());
            }

            assertThat(versions).doesNotHaveDuplicates();
        } finally {
            threads.shutdownNow();
        }
    }
}
