package io.positionpolicy.security;

import io.positionpolicy.security.UsersFile.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * The users of the users file, re-read when the file changes (checked at most once a second), so adding a user or
 * changing a password needs no restart. A malformed file keeps the users last read and logs the line at fault.
 *
 * <p>bcrypt is slow on purpose, so a credential that checked out is remembered for a while, keyed by an HMAC of name
 * and password under a key that lives only in this process: no password is kept, and a changed file forgets all.
 */
public final class UserDirectory {
    private static final Logger LOG = Logger.getLogger(UserDirectory.class);
    private static final int MAX_REMEMBERED = 10_000;
    /** How long a request waits for the same credential's check running for another request. */
    private static final long CHECK_WAIT_SECONDS = 10;

    private final UserStore store;
    private final long rememberNanos;
    /** How often the file's modification time is looked at; edits show within this interval. */
    private final long recheckNanos;
    private final byte[] cacheKey = new byte[32];
    /** Keyed once per thread: a Mac is not thread-safe, and looking one up per request costs more than the HMAC. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private final Map<String, Long> remembered = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong slowChecks = new java.util.concurrent.atomic.AtomicLong();
    /**
     * bcrypt checks that may run at once: a flood of wrong passwords occupies at most these threads' worth of CPU, and
     * clients whose credentials are remembered are not slowed by it.
     */
    private final Semaphore checks = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    private volatile Map<String, User> users = Map.of();
    private volatile Object loadedStamp;
    private final java.util.concurrent.Executor refresher;
    private volatile long checkedAt;

    public UserDirectory(Path file, Duration remember) {
        this(UserStore.file(file), remember, Duration.ofSeconds(1));
    }

    public UserDirectory(Path file, Duration remember, Duration recheck) {
        this(UserStore.file(file), remember, recheck);
    }

    public UserDirectory(UserStore store, Duration remember) {
        this(store, remember, Duration.ofSeconds(1));
    }

    /** Users of {@code store}, looked at every {@code recheck}; a remote store is re-read off the request threads. */
    public UserDirectory(UserStore store, Duration remember, Duration recheck) {
        this.store = store;
        this.refresher = store.remote() ? java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "users-refresh");
            t.setDaemon(true);
            return t;
        }) : Runnable::run;
        this.rememberNanos = remember.toNanos();
        this.recheckNanos = recheck.toNanos();
        new SecureRandom().nextBytes(cacheKey);
        reloadIfChanged(true);
    }

    public String describe() {
        return store.describe();
    }

    public int size() {
        refresh();
        return users.size();
    }

    /** The user when this name and password checked out recently: answered from memory, without bcrypt. */
    public Optional<User> remembered(String name, String password) {
        refresh();
        return rememberedUser(name, rememberKey(name, password));
    }

    /** The user when name and password match (bcrypt unless remembered); empty otherwise. */
    public Optional<User> authenticate(String name, String password) {
        refresh();
        String key = rememberKey(name, password);
        Optional<User> known = rememberedUser(name, key);
        if (known.isPresent()) {
            return known;
        }
        User user = users.get(name);
        if (!checkOnce(key, password, user) || user == null) {
            return Optional.empty();
        }
        return Optional.of(user);
    }

    /**
     * One bcrypt check per credential at a time: requests that arrive with the same name and password while it runs
     * (a client opening its connection pool) wait for its answer instead of queueing up checks of their own.
     */
    private boolean checkOnce(String key, String password, User user) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.get(CHECK_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }
        boolean ok = false;
        try {
            ok = slowCheck(password, user == null ? UnknownUser.HASH : user.passwordHash()) && user != null;
            if (ok) {
                if (remembered.size() >= MAX_REMEMBERED) {
                    remembered.clear();
                }
                remembered.put(key, System.nanoTime() + rememberNanos);
            }
            return ok;
        } finally {
            inFlight.remove(key, mine);
            mine.complete(ok);
        }
    }

    private Optional<User> rememberedUser(String name, String key) {
        Long until = remembered.get(key);
        User user = users.get(name);
        return user != null && until != null && until - System.nanoTime() > 0 ? Optional.of(user) : Optional.empty();
    }

    /** bcrypt checks run so far (for tests and diagnostics). */
    long slowChecks() {
        return slowChecks.get();
    }

    private boolean slowCheck(String password, String hash) {
        slowChecks.incrementAndGet();
        try {
            if (!checks.tryAcquire(2, TimeUnit.SECONDS)) {
                LOG.warn("Too many password checks at once (wrong passwords?); refusing this one");
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return Passwords.matches(password, hash);
        } finally {
            checks.release();
        }
    }

    private void refresh() {
        long now = System.nanoTime();
        if (now - checkedAt >= recheckNanos) {
            checkedAt = now;
            refresher.execute(() -> reloadIfChanged(false));
        }
    }

    private synchronized void reloadIfChanged(boolean first) {
        try {
            Object stamp = store.stamp();
            if (!first && java.util.Objects.equals(stamp, loadedStamp)) {
                return;
            }
            List<User> read = store.read();
            users = read.stream().collect(Collectors.toUnmodifiableMap(User::name, Function.identity()));
            loadedStamp = stamp;
            remembered.clear();
            if (!first) {
                LOG.infof("Users of %s re-read: %d users", store.describe(), users.size());
            }
        } catch (RuntimeException e) {
            if (first) {
                throw new IllegalStateException("Cannot start: " + e.getMessage(), e);
            }
            LOG.errorf("Users of %s not re-read, still using the %d users read before: %s", store.describe(),
                    users.size(),
                    e.getMessage());
        }
    }

    /** Checked against when the user is unknown, so an unknown name takes as long as a wrong password. */
    private static final class UnknownUser {
        static final String HASH = Passwords.hash(Passwords.generate());
    }

    private String rememberKey(String name, String password) {
        Mac mac = macs.get();
        mac.update(name.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
