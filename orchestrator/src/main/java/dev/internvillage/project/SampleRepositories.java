package dev.internvillage.project;

import dev.internvillage.common.DataDirectory;
import dev.internvillage.git.GitRepositories;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Makes a small but real git repository to try the product with, without bringing one's own. */
@Component
class SampleRepositories {

    private final GitRepositories git;
    private final DataDirectory dataDirectory;

    SampleRepositories(GitRepositories git, DataDirectory dataDirectory) {
        this.git = git;
        this.dataDirectory = dataDirectory;
    }

    /** Creates a fresh sample repository under the data directory and returns its path. */
    Path create() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path directory = dataDirectory.samples().resolve("todo-app-" + suffix);
        git.createWithFiles(directory, files(), "Initial commit: a tiny to-do list app");
        return directory;
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
