package io.apigenmt.domains.airline;

import io.apigenmt.domains.tools.CommonTools;
import io.apigenmt.domains.tools.ToolBox;

/** Every airline tool, in the order the agent sees them. */
final class AirlineTools {

    private AirlineTools() {}

    static ToolBox create() {
        ToolBox.Builder tools = ToolBox.builder();
        AirlineReadTools.addTo(tools);
        CommonTools.addTo(tools);
        BookingTools.addTo(tools);
        ReservationChangeTools.addTo(tools);
        return tools.build();
    }
}
