package dev.internvillage.agent.process;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bubblewrap command line of one agent: the file system it sees (built from an empty root), its
 * namespaces, then the agent's own command. Mounts are applied parents first, so a directory bound
 * inside another (a worktree inside the private home, a read-only {@code .git} inside a writable
 * clone) lands on top of it.
 */
final class BwrapCommand {

    /** System directories an agent reads: programs, libraries and configuration. */
    static final List<Path> SYSTEM = List.of(
            Path.of("/usr"),
            Path.of("/etc"),
            Path.of("/bin"),
            Path.of("/sbin"),
            Path.of("/lib"),
            Path.of("/lib32"),
            Path.of("/lib64"),
            Path.of("/libx32"));

    /** Files of {@code /etc} only root may read; the agent may run as root, so they are replaced by empty ones. */
    private static final List<Path> HIDDEN_FILES =
            List.of(Path.of("/etc/shadow"), Path.of("/etc/shadow-"), Path.of("/etc/gshadow"), Path.of("/etc/gshadow-"));

    /** Directories of private keys, replaced by empty ones. */
    private static final List<Path> HIDDEN_DIRECTORIES = List.of(Path.of("/etc/ssl/private"));

    private record Mount(String option, Path source, Path target) {}

    private final List<Mount> mounts = new ArrayList<>();

    /** The system read-only, its secrets hidden, plus fresh {@code /proc}, {@code /dev} and {@code /tmp}. */
    BwrapCommand system() {
        for (Path dir : SYSTEM) {
            if (Files.isSymbolicLink(dir)) {
                // merged /usr: /bin -> usr/bin stays a link, as on the host
                try {
                    mounts.add(new Mount("--symlink", Files.readSymbolicLink(dir), dir));
                } catch (java.io.IOException e) {
                    // unreadable link: left out like a missing directory
                }
            } else if (Files.isDirectory(dir)) {
                readOnly(dir);
            }
        }
        for (Path file : HIDDEN_FILES) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                mounts.add(new Mount("--ro-bind", Path.of("/dev/null"), file));
            }
        }
        hideHostKeys();
        for (Path dir : HIDDEN_DIRECTORIES) {
            if (Files.isDirectory(dir)) {
                mounts.add(new Mount("--tmpfs", dir, dir));
            }
        }
        resolverTarget();
        mounts.add(new Mount("--proc", Path.of("/proc"), Path.of("/proc")));
        mounts.add(new Mount("--dev", Path.of("/dev"), Path.of("/dev")));
        mounts.add(new Mount("--tmpfs", Path.of("/tmp"), Path.of("/tmp")));
        return this;
    }

    BwrapCommand readOnly(Path path) {
        mounts.add(new Mount("--ro-bind", path, path));
        return this;
    }

    BwrapCommand writable(Path path) {
        mounts.add(new Mount("--bind", path, path));
        return this;
    }

    /** A writable bind that is left out when the path does not exist. */
    BwrapCommand writableIfPresent(Path path) {
        mounts.add(new Mount("--bind-try", path, path));
        return this;
    }

    BwrapCommand readOnlyIfPresent(Path path) {
        mounts.add(new Mount("--ro-bind-try", path, path));
        return this;
    }

    /** {@code source} of the host, writable, seen at {@code target} inside. */
    BwrapCommand writableAt(Path source, Path target) {
        mounts.add(new Mount("--bind", source, target));
        return this;
    }

    /**
     * The whole command: {@code bwrap}, the namespaces (its own PID namespace, a new session, dies
     * with its parent, no capabilities even when the server runs as root), the mounts, the working
     * directory and the agent's command.
     */
    List<String> build(Path bwrap, Path workdir, boolean network, List<String> command) {
        List<String> args = new ArrayList<>();
        args.add(bwrap.toString());
        args.addAll(List.of(
                "--unshare-pid",
                "--unshare-ipc",
                "--unshare-uts",
                "--unshare-cgroup-try",
                "--die-with-parent",
                "--new-session",
                "--cap-drop",
                "ALL"));
        if (!network) {
            args.add("--unshare-net");
        }
        mounts.stream()
                .sorted(Comparator.comparingInt(m -> m.target().getNameCount()))
                .forEach(m -> {
                    args.add(m.option());
                    switch (m.option()) {
                        case "--proc", "--dev", "--tmpfs" -> args.add(m.target().toString());
                        default -> {
                            args.add(m.source().toString());
                            args.add(m.target().toString());
                        }
                    }
                });
        args.addAll(List.of("--chdir", workdir.toString(), "--"));
        args.addAll(command);
        return args;
    }

    private void hideHostKeys() {
        Path ssh = Path.of("/etc/ssh");
        if (!Files.isDirectory(ssh)) {
            return;
        }
        try (var files = Files.list(ssh)) {
            files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith("ssh_host_") && name.endsWith("_key");
                    })
                    .sorted()
                    .forEach(f -> mounts.add(new Mount("--ro-bind", Path.of("/dev/null"), f)));
        } catch (java.io.IOException e) {
            // unreadable to this user: then the agent cannot read the keys either
        }
    }

    /** {@code /etc/resolv.conf} is often a link into {@code /run}, which the agent does not see otherwise. */
    private void resolverTarget() {
        Path resolvConf = Path.of("/etc/resolv.conf");
        if (!Files.isSymbolicLink(resolvConf)) {
            return;
        }
        try {
            Path target = resolvConf.toRealPath();
            if (SYSTEM.stream().noneMatch(target::startsWith)) {
                readOnly(target);
            }
        } catch (java.io.IOException e) {
            // a dangling link: name resolution fails inside as it would outside
        }
    }
}
