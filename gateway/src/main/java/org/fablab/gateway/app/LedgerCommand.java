package org.fablab.gateway.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcPeriodStore;
import org.fablab.gateway.adapter.jdbc.JdbcLedgerStore;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.service.LedgerAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fablab ledger verify}: checks the whole hash chain of the billing ledger and names the first broken entry. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Check the billing ledger.",
        subcommands = LedgerCommand.Verify.class)
final class LedgerCommand {
    /** Exit code of a broken chain: distinct from 1 (could not run) and 2 (bad configuration). */
    static final int BROKEN = 3;

    /** The ledger check over {@code dataSource}, as this command and the gateway's {@code GET /ledger/verify} run it. */
    static LedgerAudit audit(DataSource dataSource, Clock clock) {
        return new LedgerAudit(new JdbcLedgerStore(dataSource, clock), new JdbcPeriodStore(dataSource));
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify every entry's hash, its link to the previous one and the heads recorded at closings"
                    + " and statements; exit 3 naming the first broken entry.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", description = "A YAML config file with the store settings: the gateway's own, "
                + "or one holding only store.* (no keys needed).")
        Path config;

        @Override
        public Integer call() {
            GatewayConfig settings = ConfigLoader.loadForReading(Optional.ofNullable(config), System.getenv());
            try (Database database = Database.open(settings.store().url(), settings.store().username(),
                    settings.store().password(), 1)) {
                ChainCheck check = audit(database.dataSource(), Clock.systemUTC()).verify();
                if (check instanceof ChainCheck.Broken broken) {
                    spec.commandLine().getErr().printf("ledger broken at entry %d: %s%n", broken.sequence(),
                            broken.why());
                    return BROKEN;
                }
                ChainCheck.Verified verified = (ChainCheck.Verified) check;
                spec.commandLine().getOut().printf("ledger verified: %d entries, head %s%n", verified.entries(),
                        verified.headHash());
                return 0;
            }
        }
    }
}
