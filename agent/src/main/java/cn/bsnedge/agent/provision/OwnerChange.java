package cn.bsnedge.agent.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.stream.Stream;

/**
 * Hands a data directory to the service user, as {@code chown -R user:user} would: run as root
 * (the package's postinst), {@code bsn-edge init --user bsn-edge} leaves keys the agent can read
 * and nobody else can. Symbolic links are changed themselves, never followed.
 */
final class OwnerChange {

    private final UserPrincipal user;
    private final GroupPrincipal group;

    private OwnerChange(UserPrincipal user, GroupPrincipal group) {
        this.user = user;
        this.group = group;
    }

    /** The user {@code name} and its group of the same name (how system users are made, see sysusers.d). */
    static OwnerChange to(String name, Path anywhere) throws IOException {
        UserPrincipalLookupService lookup = anywhere.getFileSystem().getUserPrincipalLookupService();
        try {
            return new OwnerChange(lookup.lookupPrincipalByName(name), lookup.lookupPrincipalByGroupName(name));
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("no user and group named '" + name + "' (the package's postinst creates bsn-edge;"
                    + " on a checkout leave out --user)", e);
        }
    }

    void applyRecursively(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                v.setOwner(user);
                v.setGroup(group);
            }
        }
    }
}
