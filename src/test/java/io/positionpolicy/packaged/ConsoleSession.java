package io.positionpolicy.packaged;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged service on a copy of the shipped rules, a data directory and an empty candle folder of its own, with a
 * browser on its console: what a console browser test starts once for its class.
 */
final class ConsoleSession implements AutoCloseable {
    final PackagedService service;
    final BrowserConsole console;
    final Path rules;
    final int port;

    private ConsoleSession(PackagedService service, BrowserConsole console, Path rules, int port) {
        this.service = service;
        this.console = console;
        this.rules = rules;
        this.port = port;
    }

    /** Skips (or, with REQUIRE_BROWSER=1, fails) without a browser; {@code name} names the scratch directory. */
    static ConsoleSession start(String name) throws Exception {
        BrowserConsole.assumeBrowser();
        Path work = Files.createTempDirectory(name);
        Path rules = PackagedService.copyOfRules(work.resolve("rules"), true);
        Files.createDirectories(work.resolve("candles"));
        PackagedService service = PackagedService.start(Map.of("policy.rules.dir", rules.toString(),
                "policy.data-dir", work.resolve("data").toString(),
                "policy.backtest.data-dir", work.resolve("candles").toString()));
        try {
            int port = service.awaitPort(Duration.ofSeconds(60));
            return new ConsoleSession(service, BrowserConsole.open("http://localhost:" + port), rules, port);
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            console.close();
        } finally {
            service.close();
        }
    }
}
