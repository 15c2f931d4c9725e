package dev.conveyor.git.write;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * A bare repository served over {@code git://} by JGit's in-JVM daemon on 127.0.0.1 (a real network remote, anonymous
 * push allowed), with a pre-receive hook the test chooses: it runs on the server between the ref advertisement and
 * the ref update, exactly where a concurrent push by someone else would land.
 */
final class DaemonRemote implements AutoCloseable {

    private final Daemon daemon;
    private final Repository repository;

    DaemonRemote(Path bareRepository, PreReceiveHook hook) throws IOException {
        this.repository = new FileRepositoryBuilder().setGitDir(bareRepository.toFile()).setMustExist(true).build();
        this.daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
        daemon.getService("git-receive-pack").setEnabled(true);
        daemon.setRepositoryResolver((client, name) -> {
            if (!name.equals("repo.git")) {
                throw new RepositoryNotFoundException(name);
            }
            repository.incrementOpen();
            return repository;
        });
        daemon.setReceivePackFactory((client, db) -> {
            ReceivePack rp = new ReceivePack(db);
            rp.setPreReceiveHook(hook);
            return rp;
        });
        daemon.setTimeout(30);
        daemon.start();
    }

    String url() {
        return "git://127.0.0.1:" + daemon.getAddress().getPort() + "/repo.git";
    }

    @Override
    public void close() throws InterruptedException {
        daemon.stopAndWait();
        repository.close();
    }
}
