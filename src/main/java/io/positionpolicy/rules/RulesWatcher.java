package io.positionpolicy.rules;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Watches the rules directory and its sub-folders (created ones too) and calls back once the tree has been quiet for
 * {@code quietPeriod} after a change, so an editor's temp-file-and-rename or a save of several files is one reload.
 */
public final class RulesWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RulesWatcher.class);

    private final Path root;
    private final Duration quietPeriod;
    private final Runnable onChange;
    private final WatchService watchService;
    private final Thread thread;
    private volatile boolean running = true;

    public RulesWatcher(Path root, Duration quietPeriod, Runnable onChange) throws IOException {
        this.root = root;
        this.quietPeriod = quietPeriod;
        this.onChange = onChange;
        this.watchService = root.getFileSystem().newWatchService();
        registerTree(root);
        this.thread = new Thread(this::run, "rules-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        boolean changed = false;
        while (running) {
            try {
                WatchKey key = changed ? watchService.poll(quietPeriod.toMillis(), TimeUnit.MILLISECONDS)
                        : watchService.take();
                if (key == null) {
                    changed = false;
                    onChange.run();
                    continue;
                }
                changed |= drain(key);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                running = false;
            } catch (RuntimeException e) {
                LOG.error("Rules watcher error; watching goes on", e);
            }
        }
    }

    /** Handles a key's events; registers new folders. Returns whether anything changed. */
    private boolean drain(WatchKey key) {
        Path dir = (Path) key.watchable();
        boolean changed = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            changed = true;
            if (event.kind() == OVERFLOW) {
                registerTreeQuietly(root);
            } else if (event.kind() == ENTRY_CREATE) {
                Path created = dir.resolve((Path) event.context());
                if (Files.isDirectory(created)) {
                    registerTreeQuietly(created);
                }
            }
        }
        key.reset();
        return changed;
    }

    private void registerTree(Path start) throws IOException {
        try (Stream<Path> dirs = Files.walk(start)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                dir.register(watchService, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            }
        }
    }

    private void registerTreeQuietly(Path start) {
        try {
            registerTree(start);
        } catch (IOException e) {
            LOG.warnf("Cannot watch %s: %s", start, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            watchService.close();
            thread.join(5_000);
        } catch (IOException e) {
            LOG.debug("closing the watch service", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
