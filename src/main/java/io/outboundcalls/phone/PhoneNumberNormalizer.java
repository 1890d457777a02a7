package io.outboundcalls.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.system.OutboundProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Normalizes numbers to E.164 with libphonenumber: {@code 00420724123456}, {@code +420 724 123 456} and, in the
 * default region, {@code 724123456} all become {@code +420724123456}.
 */
@Component
public class PhoneNumberNormalizer {

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    @Autowired
    PhoneNumberNormalizer(OutboundProperties properties) {
        this(properties.defaultRegion());
    }

    PhoneNumberNormalizer(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /** The E.164 form, or an InvalidInputException naming the field. */
    public String normalize(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInputException(field, "a phone number is required");
        }
        String candidate = raw.strip();
        if (candidate.length() > 64) {
            throw new InvalidInputException(field, "'" + candidate.substring(0, 20) + "…' is too long for a phone number");
        }
        // "00" is the international call prefix of most of the world; libphonenumber reads it only for some regions.
        if (candidate.startsWith("00")) {
            candidate = "+" + candidate.substring(2);
        }
        try {
            PhoneNumber number = util.parse(candidate, defaultRegion);
            if (!util.isPossibleNumber(number)) {
                throw new InvalidInputException(field, "'" + raw.strip() + "' is not a possible phone number");
            }
            return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new InvalidInputException(field, "'" + raw.strip() + "' is not a phone number");
        }
    }
}
