package cn.bsnedge.agent.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs bsn-edge in-process, as {@link Main#main} would but without exiting, capturing both streams. */
public final class Cli {

    /** Exit code and everything the command printed. */
    public record Result(int code, String out, String err) {
        /** For assertion messages: the whole exchange. */
        public String transcript() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return new Result(code, out.toString(), err.toString());
    }
}
