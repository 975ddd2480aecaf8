package cn.bsnedge.agent.config;

/**
 * One thing wrong with a config file, located so an engineer on a ladder can fix it without
 * reading code: {@code gateway.yaml:14 sensors[2].address: 0x99 is outside 0x03..0x77}.
 *
 * @param file    the file name as the operator gave it (not made absolute: that is what they typed)
 * @param line    1-based line of the offending node, or 0 when the problem is the whole file
 * @param column  1-based column, or 0 when only the line matters (all but YAML syntax errors)
 * @param path    the field path, e.g. {@code sensors[2].address}; empty for file and syntax problems
 * @param message what is wrong and what would be valid
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {

    public ConfigProblem {
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line " + line + " and column " + column + " must be >= 0");
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        b.append(' ');
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(message).toString();
    }
}
