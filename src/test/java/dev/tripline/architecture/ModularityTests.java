package dev.tripline.architecture;

import dev.tripline.TriplineApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    @Test
    void modulesOnlyUseEachOthersApi() {
        ApplicationModules.of(TriplineApplication.class).verify();
    }
}
