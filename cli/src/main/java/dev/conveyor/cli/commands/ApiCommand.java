package dev.conveyor.cli.commands;

import dev.conveyor.cli.Conveyor;
import dev.conveyor.cli.Output;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every subcommand shares: the top command's options and helpers. Returns the exit code from {@link #run()}. */
abstract class ApiCommand implements Callable<Integer> {

    @ParentCommand
    Conveyor conveyor;

    @Override
    public final Integer call() {
        run();
        return 0;
    }

    /** Does the work; failures are {@link dev.conveyor.cli.CliException}s carrying their exit code. */
    abstract void run();

    PrintWriter out() {
        return conveyor.out();
    }

    boolean json() {
        return conveyor.output() == Output.json;
    }

    void println(String line) {
        out().println(line);
        out().flush();
    }
}
