package io.pmsocks.benchmarks.apps;

/** The application of the start-up benchmark: as little as a Java program can do. */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
