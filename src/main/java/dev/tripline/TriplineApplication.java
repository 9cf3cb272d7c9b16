package dev.tripline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TriplineApplication {

    public static void main(String[] args) {
        SpringApplication.run(TriplineApplication.class, args);
    }
}
