package io.pmsocks.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ReadFileMain FILE}: prints the JVM's user, then {@code read N bytes} or the exception reading FILE. */
public final class ReadFileMain {

    private ReadFileMain() {
    }

    public static void main(String[] args) {
        System.out.println("user " + System.getProperty("user.name"));
        try {
            System.out.println("read " + Files.readAllBytes(Path.of(args[0])).length + " bytes");
        } catch (IOException e) {
            System.out.println("exception " + e.getClass().getName());
        }
    }
}
