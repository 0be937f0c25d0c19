package dev.internvillage.project;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DataDirectory;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import dev.internvillage.git.GitRepositories;
import dev.internvillage.github.GitHubSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes a small but real git repository to try the product with, without bringing one's own, and
 * adds it as a project. Only in local mode: a hosted server clones no paths of its own, and a
 * request it refuses must not leave a repository on its disk.
 */
@Component
class SampleRepositories {

    private static final Logger log = LoggerFactory.getLogger(SampleRepositories.class);

    private final GitRepositories git;
    private final DataDirectory dataDirectory;
    private final GitHubSettings gitHub;
    private final ProjectService projects;

    SampleRepositories(
            GitRepositories git, DataDirectory dataDirectory, GitHubSettings gitHub, ProjectService projects) {
        this.git = git;
        this.dataDirectory = dataDirectory;
        this.gitHub = gitHub;
        this.projects = projects;
    }

    /**
     * A fresh sample repository added as the user's project. Everything that can refuse is checked
     * before the first file is written, and the repository is removed again if adding it fails.
     *
     * @throws DomainException FORBIDDEN in GitHub mode, with nothing written
     */
    Project addSample(CurrentUser user) {
        if (gitHub.enabled()) {
            throw new DomainException(
                    ErrorCode.FORBIDDEN,
                    "sample projects are offered in local mode only (AUTH_MODE=local); add a GitHub repository"
                            + " instead");
        }
        Path directory = create(freeName(user));
        try {
            return projects.create(user, directory.toString());
        } catch (RuntimeException e) {
            removeQuietly(directory.getParent());
            throw e;
        }
    }

    /**
     * {@code todo-app}, or {@code todo-app-2}, {@code -3}… when the user has a project of that name:
     * the project is named after its directory.
     */
    private String freeName(CurrentUser user) {
        java.util.Set<String> taken =
                projects.list(user).stream().map(Project::name).collect(java.util.stream.Collectors.toSet());
        String name = "todo-app";
        for (int n = 2; taken.contains(name); n++) {
            name = "todo-app-" + n;
        }
        return name;
    }

    /**
     * Creates a fresh sample repository under the data directory and returns its path; a directory of
     * its own keeps the repository's name free of a random suffix.
     */
    private Path create(String name) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Path directory = dataDirectory.samples().resolve(unique).resolve(name);
        try {
            git.createWithFiles(directory, files(), "Initial commit: a tiny to-do list app");
        } catch (RuntimeException e) {
            removeQuietly(directory.getParent());
            throw e;
        }
        return directory;
    }

    private static void removeQuietly(Path directory) {
        try {
            GitRepositories.deleteTree(directory);
        } catch (RuntimeException e) {
            // the request fails with its own reason; a leftover sample only costs disk space
            log.warn("Could not remove the sample repository {}: {}", directory, e.getMessage());
        }
    }

    private static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("README.md", """
                # Todo app

                A tiny to-do list in plain JavaScript, used to try Intern Village.

                - `node src/cli.js add "Buy milk"` adds an item
                - `node src/cli.js list` lists the items
                - `node --test` runs the tests
                - `sh check.sh` is a check to try Intern Village's checks with
                """);
        files.put("package.json", """
                {
                  "name": "todo-app",
                  "version": "0.1.0",
                  "type": "module",
                  "scripts": { "test": "node --test" }
                }
                """);
        files.put("src/todos.js", """
                // An in-memory list of to-do items.
                export class Todos {
                  #items = [];

                  add(title) {
                    if (!title || !title.trim()) throw new Error('title is required');
                    const item = { id: this.#items.length + 1, title: title.trim(), done: false };
                    this.#items.push(item);
                    return item;
                  }

                  complete(id) {
                    const item = this.#items.find((i) => i.id === id);
                    if (!item) throw new Error(`no item ${id}`);
                    item.done = true;
                    return item;
                  }

                  list() {
                    return [...this.#items];
                  }
                }
                """);
        files.put("src/cli.js", """
                import { Todos } from './todos.js';

                const todos = new Todos();
                const [command, ...args] = process.argv.slice(2);
                if (command === 'add') console.log(todos.add(args.join(' ')));
                else console.log(todos.list());
                """);
        files.put("test/todos.test.js", """
                import { test } from 'node:test';
                import assert from 'node:assert/strict';
                import { Todos } from '../src/todos.js';

                test('adds and lists items', () => {
                  const todos = new Todos();
                  todos.add('Buy milk');
                  assert.equal(todos.list().length, 1);
                });
                """);
        // a check to try the checks loop with: set "sh check.sh" as the project's check_command
        files.put("check.sh", """
                # The sample's check. It fails until a worker has created CHECKS_OK, which the demo agent
                # does when its prompt says that the checks failed.
                if [ -f CHECKS_OK ]; then
                  echo "checks passed"
                else
                  echo "CHECKS_OK is missing"
                  exit 1
                fi
                """);
        return files;
    }
}
