package dev.internvillage;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Intern Village: an orchestrator for AI coding agents with a live Kanban board. */
@SpringBootApplication
public class InternVillageApplication {

    public static void main(String[] args) {
        SpringApplication.run(InternVillageApplication.class, args);
    }
}
