package dev.internvillage.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** Repository-level git operations: inspecting a remote, cloning, creating, deleting. */
@Service
public class GitRepositories {

    private static final String SYMREF_PREFIX = "ref: refs/heads/";
    private static final String HEADS = "\trefs/heads/";

    private final GitCli git;

    GitRepositories(GitCli git) {
        this.git = git;
    }

    /**
     * Asks a repository (a path or URL git understands) for its refs.
     *
     * @throws GitException if it is not a git repository git can read
     */
    public RemoteRepository inspect(String location, Path workingDirectory) {
        String output = git.run(workingDirectory, "ls-remote", "--symref", location);
        String head = null;
        Set<String> branches = new LinkedHashSet<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(SYMREF_PREFIX) && line.endsWith("\tHEAD")) {
                head = line.substring(SYMREF_PREFIX.length(), line.length() - "\tHEAD".length());
            } else if (line.contains(HEADS)) {
                branches.add(line.substring(line.indexOf(HEADS) + HEADS.length()));
            }
        }
        // HEAD can name a branch without commits while others have some: then take an existing one
        Optional<String> defaultBranch = head != null && branches.contains(head)
                ? Optional.of(head)
                : branches.stream().findFirst();
        return new RemoteRepository(!branches.isEmpty(), defaultBranch);
    }

    /**
     * The location of the repository {@code path} lies in: the top of its main working tree, or the
     * repository itself when it is bare. A subdirectory, the {@code .git} directory (or one inside
     * it) and a linked worktree all lie in the same repository as that top directory. Paths are real
     * (symlinks resolved), as git reports them.
     *
     * @throws GitException if {@code path} is in no git repository
     */
    public Path repositoryRoot(Path path) {
        String[] facts = git.run(
                        path,
                        "rev-parse",
                        "--path-format=absolute",
                        "--is-bare-repository",
                        "--is-inside-work-tree",
                        "--git-common-dir")
                .split("\n");
        boolean bare = facts[0].strip().equals("true");
        boolean insideWorkTree = facts[1].strip().equals("true");
        Path gitDir = Path.of(facts[2].strip());
        if (bare) {
            return gitDir;
        }
        Path name = gitDir.getFileName();
        if (name != null && name.toString().equals(".git") && gitDir.getParent() != null) {
            return gitDir.getParent();
        }
        // a git directory kept apart from its working tree (--separate-git-dir): only the working tree
        // knows where its top is; from inside the git directory, that directory is all git can name
        return insideWorkTree
                ? Path.of(git.run(path, "rev-parse", "--show-toplevel").strip())
                : gitDir;
    }

    /** Clones {@code source} into {@code target}, which must not exist yet, checking out {@code branch}. */
    public void cloneInto(String source, Path target, String branch) {
        cloneInto(source, target, branch, null);
    }

    /** Clones with {@code credentials} given to git for this one command; origin's URL stays plain. */
    public void cloneInto(String source, Path target, String branch, @Nullable GitCredentials credentials) {
        createDirectories(target.getParent());
        git.run(
                target.getParent(),
                credentials,
                "clone",
                "--quiet",
                "--branch",
                branch,
                "--",
                source,
                target.toString());
    }

    /** Adds (or re-points) a named remote of a clone, e.g. {@code upstream} of a fork. */
    public void setRemote(Path clone, String name, String url) {
        if (git.exec(clone, "remote", "get-url", name).ok()) {
            git.run(clone, "remote", "set-url", name, url);
        } else {
            git.run(clone, "remote", "add", name, url);
        }
    }

    /**
     * Creates a repository at {@code directory} with the given files in one commit on branch {@code
     * main}.
     */
    public void createWithFiles(Path directory, Map<String, String> files, String message) {
        createDirectories(directory);
        git.run(directory, "init", "--quiet", "--initial-branch=main");
        files.forEach((name, content) -> {
            Path file = directory.resolve(name);
            createDirectories(file.getParent());
            try {
                Files.writeString(file, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        git.run(directory, "add", "--all");
        git.run(directory, "commit", "--quiet", "-m", message);
    }

    /** Deletes a directory tree such as a clone; a missing directory is fine. */
    public static void deleteTree(Path directory) {
        // a git process finishing in the tree (e.g. writing its index) can add an entry while the
        // walk deletes; walking again picks it up
        for (int attempt = 1; ; attempt++) {
            try {
                deleteWalk(directory);
                return;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.DirectoryNotEmptyException) || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static void deleteWalk(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
                deleteWalk(directory);
                return;
            }
            throw e;
        }
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
