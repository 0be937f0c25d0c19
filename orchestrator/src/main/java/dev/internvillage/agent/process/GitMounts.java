package dev.internvillage.agent.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What an agent sees of the git repository it works in. The orchestrator's own git commands run
 * outside the sandbox on the same repository, so the agent must not change what those commands
 * execute: the repository's configuration (a {@code receivepack}, {@code core.fsmonitor} or filter
 * command), its hooks, or where a worktree's {@code .git} file points.
 *
 * <ul>
 *   <li>The planner's clone: the work tree writable, its {@code .git} directory read-only (a planner
 *       reads history and writes only its plan). The bind also makes {@code .git} a mount point, which
 *       cannot be renamed away and replaced.
 *   <li>A worker's worktree: the work tree writable, its {@code .git} file read-only; of the clone's
 *       {@code .git} only what a commit writes is writable (objects, refs, reflogs and the worktree's
 *       own directory, whose {@code commondir} and {@code gitdir} pointers stay read-only).
 * </ul>
 */
final class GitMounts {

    private GitMounts() {}

    /** Adds the mounts for {@code workdir}; a directory that is no git repository is just writable. */
    static void add(BwrapCommand bwrap, Path workdir, Path dataDirectory) throws IOException {
        bwrap.writable(workdir);
        Path dotGit = workdir.resolve(".git");
        if (Files.isDirectory(dotGit, LinkOption.NOFOLLOW_LINKS)) {
            bwrap.readOnly(dotGit);
        } else if (Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)) {
            worktree(bwrap, dotGit, dataDirectory);
        }
    }

    private static void worktree(BwrapCommand bwrap, Path dotGit, Path dataDirectory) throws IOException {
        Path gitDir = pointer(dotGit, "gitdir:", dotGit.getParent());
        Path commonDir = pointer(gitDir.resolve("commondir"), "", gitDir);
        Path root = dataDirectory.toRealPath();
        if (!gitDir.toRealPath().startsWith(root) || !commonDir.toRealPath().startsWith(root)) {
            throw new IOException("the worktree's .git file points outside the data directory: " + gitDir);
        }
        bwrap.readOnly(dotGit);
        bwrap.readOnly(commonDir);
        for (String dir : new String[] {"objects", "refs", "logs"}) {
            Files.createDirectories(commonDir.resolve(dir));
            bwrap.writable(commonDir.resolve(dir));
        }
        // alternates here would make the orchestrator's git read objects from anywhere
        Files.createDirectories(commonDir.resolve("objects").resolve("info"));
        bwrap.readOnly(commonDir.resolve("objects").resolve("info"));
        bwrap.writable(gitDir);
        bwrap.readOnly(gitDir.resolve("commondir"));
        if (Files.exists(gitDir.resolve("gitdir"), LinkOption.NOFOLLOW_LINKS)) {
            bwrap.readOnly(gitDir.resolve("gitdir"));
        }
    }

    /** The directory a git pointer file names ({@code gitdir: <path>} or a bare path), resolved against {@code base}. */
    private static Path pointer(Path file, String prefix, Path base) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a git pointer file: " + file);
        }
        String content = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!content.startsWith(prefix)) {
            throw new IOException("not a git pointer file: " + file);
        }
        Path target = base.resolve(content.substring(prefix.length()).strip()).normalize();
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the git directory " + target + " named in " + file + " is missing");
        }
        return target;
    }
}
