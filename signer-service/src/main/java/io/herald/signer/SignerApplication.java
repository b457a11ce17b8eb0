package io.herald.signer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SignerApplication {
    public static void main(String[] args) {
        SpringApplication.run(SignerApplication.class, args);
    }
}
