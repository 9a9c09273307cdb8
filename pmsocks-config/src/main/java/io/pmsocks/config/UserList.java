package io.pmsocks.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code *=userlist} part of a rule: user names, and absolute paths of files holding user
 * names, read when the configuration is loaded. An empty list ({@code *=} alone) matches
 * everyone. Comparison is with the effective user name, case-sensitive.
 *
 * @param written the entries as written, for {@code --check}
 * @param users every user name, from the line and from the files that could be read
 */
public record UserList(List<String> written, Set<String> users) {

    public UserList {
        written = List.copyOf(written);
        users = Set.copyOf(users);
    }

    public boolean matches(String user) {
        Objects.requireNonNull(user, "user");
        return written.isEmpty() || users.contains(user);
    }

    @Override
    public String toString() {
        return "*=" + String.join(",", written);
    }
}
