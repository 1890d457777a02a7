package io.outboundcalls;

import org.camunda.bpm.spring.boot.starter.annotation.EnableProcessApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The outbound-call engine: a Camunda 7 process application in one Spring Boot service. */
@SpringBootApplication
@EnableProcessApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class OutboundCallEngineApplication {

    public static void main(String[] args) {
        SpringApplication.run(OutboundCallEngineApplication.class, args);
    }
}
