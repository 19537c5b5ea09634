package io.positionpolicy.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Finishes the OpenAPI document at build time. Every signed-in operation accepts both sign-ins ({@link PolicyApi}'s
 * schemes, HTTP Basic or a bearer JWT), with the roles it needs named in its description (OpenAPI 3.0 gives HTTP
 * schemes no scopes). The decision's metrics carry their units.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class OpenApiDocument implements OASFilter {
    /** Units of Decision.metrics, as the README's table gives them. */
    static final Map<String, String> METRIC_UNITS = Map.of(
            "riskBudget", "Money (quote currency, USDT) the position may lose at its stop under the policy",
            "openRiskBefore", "Money (USDT) at risk in this position before the decision: distance to the stop × size",
            "openRiskAfter", "Money (USDT) at risk in this position after the decision",
            "openRiskPctAfter", "openRiskAfter as a PERCENT of equity: 0.5 means 0.5 % (the rules' parameters are "
                    + "fractions: riskPct 0.01 is 1 %)",
            "liquidationPrice", "Price (USDT per unit) at which the position would be liquidated, to cents or to the"
                    + " tick's decimals where the tick is finer",
            "averageEntryPriceAfter", "Price (USDT per unit): the position's average entry after the decision",
            "notionalAfter", "Money (USDT): the position's notional after the decision, quantity × contract size × price",
            "atr", "Price distance (USDT): the average true range the decision used");

    @Override
    public Operation filterOperation(Operation operation) {
        List<SecurityRequirement> security = operation.getSecurity();
        if (security == null || security.isEmpty()) {
            return operation;
        }
        Set<String> roles = new LinkedHashSet<>();
        security.forEach(requirement -> requirement.getSchemes().values().forEach(roles::addAll));
        operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(PolicyApi.BASIC),
                OASFactory.createSecurityRequirement().addScheme(PolicyApi.BEARER)));
        if (!roles.isEmpty()) {
            String rolesLine = "Roles: " + String.join(", ", roles) + ".";
            String description = operation.getDescription();
            operation.setDescription(description == null ? rolesLine : description + "\n\n" + rolesLine);
        }
        return operation;
    }

    @Override
    public Schema filterSchema(Schema schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null && properties.keySet().containsAll(METRIC_UNITS.keySet())) {
            METRIC_UNITS.forEach((name, units) -> properties.get(name).setDescription(units));
        }
        return schema;
    }
}
