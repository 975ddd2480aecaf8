package cn.bsnedge.agent.config;

import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one load; a new one per load, so nothing leaks between loads. */
final class Problems {

    private final String file;
    private final List<ConfigProblem> list = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void add(Node at, String path, String message) {
        list.add(new ConfigProblem(file, line(at), 0, path, message));
    }

    void add(ConfigProblem p) {
        list.add(p);
    }

    int count() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Stable sort: problems on one line keep the order the walk found them in. */
    List<ConfigProblem> sorted() {
        return list.stream().sorted(Comparator.comparingInt(ConfigProblem::line)).toList();
    }

    static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
