package io.pmsocks.config;

/**
 * Text that is not a {@code host[:port]} or server entry, with the place where it goes wrong,
 * so that each caller can locate the error its own way: a column of the configuration file,
 * or the name of a variable or option.
 */
public final class AddressSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int index;

    /**
     * @param index 0-based position in the parsed text where the problem starts
     * @param message what is wrong and what is expected, quoting at most a bounded part of
     *     the input ({@link Quote})
     */
    public AddressSyntaxException(int index, String message) {
        super(message, null, false, false);
        if (index < 0) {
            throw new IllegalArgumentException("negative index " + index);
        }
        this.index = index;
    }

    /** 0-based position in the parsed text where the problem starts. */
    public int index() {
        return index;
    }
}
