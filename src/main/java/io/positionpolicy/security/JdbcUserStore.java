package io.positionpolicy.security;

import io.positionpolicy.security.UsersFile.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The users in the shared database ({@code app_user}): one set for every replica of a cluster. */
public final class JdbcUserStore implements UserStore {
    private final DataSource dataSource;

    public JdbcUserStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<User> read() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT name, password_hash, roles FROM app_user ORDER BY name");
                ResultSet rs = s.executeQuery()) {
            List<User> users = new ArrayList<>();
            while (rs.next()) {
                String where = "user " + rs.getString(1) + " in the database: ";
                if (!Passwords.isHash(rs.getString(2))) {
                    throw new IllegalArgumentException(where + "the password must be a bcrypt hash");
                }
                users.add(new User(rs.getString(1), rs.getString(2), UsersFile.parseRoles(rs.getString(3), where)));
            }
            return List.copyOf(users);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the users: " + e.getMessage(), e);
        }
    }

    @Override
    public Object stamp() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*), MAX(updated_at) FROM app_user");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getString(2);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the users: " + e.getMessage(), e);
        }
    }

    @Override
    public void put(User user) {
        if (update("UPDATE app_user SET password_hash = ?, roles = ?, updated_at = ? WHERE name = ?", user) == 0) {
            add(user);
        }
    }

    @Override
    public boolean add(User user) {
        try {
            return update("INSERT INTO app_user (password_hash, roles, updated_at, name) VALUES (?, ?, ?, ?)",
                    user) == 1;
        } catch (IllegalStateException e) {
            if (read().stream().anyMatch(u -> u.name().equals(user.name()))) {
                return false; // another replica added it first
            }
            throw e;
        }
    }

    @Override
    public boolean remove(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM app_user WHERE name = ?")) {
            s.setString(1, name);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove user " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "the database";
    }

    @Override
    public boolean remote() {
        return true;
    }

    private int update(String sql, User user) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, user.passwordHash());
            s.setString(2, String.join(",", user.roles().stream().sorted().toList()));
            s.setObject(3, Instant.now().atOffset(ZoneOffset.UTC));
            s.setString(4, user.name());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save user " + user.name() + ": " + e.getMessage(), e);
        }
    }
}
