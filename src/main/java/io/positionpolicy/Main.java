package io.positionpolicy;

import io.positionpolicy.security.UsersCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/** Starts the service; {@code users ...} manages the users file instead (see {@link UsersCommand}). */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("users")) {
            System.exit(new UsersCommand(System.in, System.out, System.err)
                    .run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Quarkus.run(args);
    }
}
