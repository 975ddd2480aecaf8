package cn.bsnedge.agent.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file that must not be run: every problem found, in line order, so one edit pass
 * fixes them all instead of one restart per typo.
 */
public final class ConfigException extends Exception {

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems in line order (file-level ones first). */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
