package org.fablab.gateway.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fablab.gateway.adapter.crypto.Argon2idPasswords;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccountStore;
import org.fablab.gateway.adapter.jdbc.JdbcFailureLog;
import org.fablab.gateway.domain.auth.LoginThrottle;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.service.AttemptThrottle;
import org.fablab.gateway.service.AuthService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fablab admin create}: the first account of a new installation (there is no default password).
 * The password is asked without echo on a terminal, or read as one line from standard input.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage accounts from the command line.",
        subcommands = AdminCommand.Create.class)
final class AdminCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an account (by default an admin) in the gateway's database.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", description = "The gateway's YAML config file (for the database settings).")
        Path config;

        @Option(names = "--username", required = true, description = "Login name: lower-case letters, digits, '.', '-', '_'.")
        String username;

        @Option(names = "--role", defaultValue = "admin",
                description = "maker, trainer, fabmanager, treasurer, admin or board (default: ${DEFAULT-VALUE}).")
        String role;

        @Option(names = "--member", description = "Id of the member this account belongs to, if any.")
        String memberId;

        @Option(names = "--password", interactive = true, arity = "0..1",
                description = "Asked for when not given (at least 10 characters).")
        char[] password;

        @Override
        public Integer call() {
            Role parsedRole;
            try {
                parsedRole = Role.fromWire(role);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (password == null || password.length == 0) {
                throw new ParameterException(spec.commandLine(), "a password is required (at least "
                        + AuthService.MIN_PASSWORD_LENGTH + " characters)");
            }
            GatewayConfig settings = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
            Clock clock = Clock.systemUTC();
            try (Database database = Database.open(settings.store().url(), settings.store().username(),
                    settings.store().password(), 1)) {
                AuthService auth = new AuthService(new JdbcAccountStore(database.dataSource()), new Argon2idPasswords(),
                        new AttemptThrottle(new JdbcFailureLog(database.dataSource()), "login",
                                new LoginThrottle(1, 1, Duration.ofSeconds(1)), clock), clock);
                auth.createAccount("cli", username, new String(password), parsedRole, memberId);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            } finally {
                Arrays.fill(password, ' ');
            }
            spec.commandLine().getOut().printf("account %s created with role %s%n", username, parsedRole.wire());
            return 0;
        }
    }
}
