package io.positionpolicy.security;

import io.positionpolicy.security.UsersFile.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the users of HTTP Basic live: the users file of one instance (the default), or the database a cluster of
 * replicas shares ({@link JdbcUserStore}), where {@code users add} writes once for all.
 */
public interface UserStore {

    List<User> read();

    /** Changes whenever the users change (file time, or the table's newest change); compared, never interpreted. */
    Object stamp();

    /** Adds the user or replaces the one of that name. */
    void put(User user);

    /** Adds the user unless one of that name exists; true if added. */
    boolean add(User user);

    /** Removes the user; false when there was none. */
    boolean remove(String name);

    /** For messages: the file, or the database. */
    String describe();

    /** True when reading may wait on a network: then it is never done on a request's thread. */
    default boolean remote() {
        return false;
    }

    static UserStore file(Path file) {
        return new UserStore() {
            @Override
            public List<User> read() {
                return UsersFile.read(file);
            }

            @Override
            public Object stamp() {
                try {
                    return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void put(User user) {
                UsersFile.put(file, user);
            }

            @Override
            public boolean add(User user) {
                if (read().stream().anyMatch(u -> u.name().equals(user.name()))) {
                    return false;
                }
                UsersFile.put(file, user);
                return true;
            }

            @Override
            public boolean remove(String name) {
                if (read().stream().noneMatch(u -> u.name().equals(name))) {
                    return false;
                }
                UsersFile.remove(file, name);
                return true;
            }

            @Override
            public String describe() {
                return file.toAbsolutePath().toString();
            }
        };
    }
}
