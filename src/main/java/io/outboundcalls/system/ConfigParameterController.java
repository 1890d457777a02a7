package io.outboundcalls.system;

import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.UnknownRecordException;
import java.util.Arrays;
import java.util.List;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The configuration parameters for administrators (SecurityConfig): the stored value and the value in effect, which
 * differ until the cache is cleared, as in the seed.
 */
@RestController
@RequestMapping("/api/config")
class ConfigParameterController {

    private final ConfigParameters parameters;

    ConfigParameterController(ConfigParameters parameters) {
        this.parameters = parameters;
    }

    @GetMapping
    List<ConfigValue> list() {
        return Arrays.stream(ConfigParameter.values()).map(this::view).toList();
    }

    @GetMapping("/{name}")
    ConfigValue get(@PathVariable String name) {
        return view(named(name));
    }

    /** Stores the value; it takes effect after POST /api/config/cache/clear. */
    @PutMapping("/{name}")
    @Transactional
    ConfigValue change(@PathVariable String name, @RequestBody ValueChange change) {
        ConfigParameter parameter = named(name);
        String value;
        try {
            value = parameter.normalize(change.value());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("value", e.getMessage() + " for " + parameter);
        }
        parameters.store(parameter, value);
        return view(parameter);
    }

    /** The seed's "Clear the DataStructures.Config cache", on every node; answers the values now in effect here. */
    @PostMapping("/cache/clear")
    List<ConfigValue> clearCache() {
        parameters.clearCache();
        return list();
    }

    private static ConfigParameter named(String name) {
        return ConfigParameter.named(name)
                .orElseThrow(() -> new UnknownRecordException("configuration parameter", name));
    }

    private ConfigValue view(ConfigParameter parameter) {
        return new ConfigValue(parameter.name(), parameters.storedValue(parameter), parameters.value(parameter),
                parameter.defaultValue());
    }

    /** A parameter: {@code value} as stored (the default when none is), {@code effectiveValue} as the engine uses it. */
    record ConfigValue(String name, String value, String effectiveValue, String defaultValue) {
    }

    /** PUT /api/config/{name} body. */
    record ValueChange(String value) {
    }
}
