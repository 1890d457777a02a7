package io.outboundcalls.system;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the demo data of API.md (users whose password is their name) are written: on the embedded H2 of the
 * default settings, so that a newcomer's first start shows everything, and on any other database only with the
 * profile {@code demo}. An H2 reached over TCP counts as another database.
 */
public final class DemoDataCondition implements Condition {

    public static final String PROFILE = "demo";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return applies(context.getEnvironment());
    }

    public static boolean applies(Environment environment) {
        if (environment.acceptsProfiles(Profiles.of(PROFILE))) {
            return true;
        }
        String url = environment.getProperty("spring.datasource.url", "");
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
    }
}
