package io.apigenmt.domains.retail;

import io.apigenmt.domains.tools.CommonTools;
import io.apigenmt.domains.tools.ToolBox;

/** Every retail tool, in the order the agent sees them. */
final class RetailTools {

    private RetailTools() {}

    static ToolBox create() {
        ToolBox.Builder tools = ToolBox.builder();
        RetailReadTools.addTo(tools);
        CommonTools.addTo(tools);
        PendingOrderTools.addTo(tools);
        DeliveredOrderTools.addTo(tools);
        RetailAccountTools.addTo(tools);
        return tools.build();
    }
}
