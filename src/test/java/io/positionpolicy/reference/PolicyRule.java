package io.positionpolicy.reference;

/**
 * The rules of the shipped rule set by the names and files they have in rules/, so that the hand-written policy can
 * say which of them its decision corresponds to (the {@code firedRules} of a decision, and the rule of each violation
 * and adjustment).
 */
enum PolicyRule {
    PARAMETERS_STANDARD("parameters/Parameters.drl", "Parameters for STANDARD accounts"),
    PARAMETERS_EXPERIENCED("parameters/Parameters.drl", "Parameters for EXPERIENCED accounts"),

    ADD_TO_LOSING("entry/Adds.drl", "Add to a losing position: reject"),
    MAX_ADDS("entry/Adds.drl", "Add beyond the maximum number of adds: reject"),
    STOP_OFF_GRID("entry/ExchangeFilters.drl", "Stop off the tick grid: round it towards the price"),
    BELOW_MINIMUM("entry/ExchangeFilters.drl", "Order below the exchange minimum: reject"),
    STOP_ROUNDED_ONTO_PRICE("entry/ExchangeFilters.drl", "Stop rounded onto the price: reject"),
    LEVERAGE_NONE("entry/Leverage.drl", "Entry without leverage: take the highest the policy allows"),
    LEVERAGE_ABOVE_CAP("entry/Leverage.drl", "Leverage above the cap: lower it"),
    LIQUIDATION_LOWER("entry/Leverage.drl", "Liquidation before the stop: lower the leverage"),
    LIQUIDATION_REJECT("entry/Leverage.drl", "No leverage keeps liquidation beyond the stop: reject"),
    PLACE_ORDER("entry/PlaceOrder.drl", "Entry passed every check: place the order"),
    PORTFOLIO_SHRINK("entry/Portfolio.drl", "Portfolio risk above the cap: shrink the order"),
    PORTFOLIO_REJECT("entry/Portfolio.drl", "Portfolio cap leaves less than the minimum order: reject"),
    BUDGET_SHRINK("entry/RiskBudget.drl", "Position risk above the budget: shrink the order"),
    BUDGET_REJECT("entry/RiskBudget.drl", "Risk budget leaves less than the minimum order: reject"),
    SIZE_ASKED("entry/Sizing.drl", "Entry with a quantity: take it, floored to the step"),
    SIZE_OPEN("entry/Sizing.drl", "Open without a quantity: size it to the initial risk"),
    SIZE_ADD("entry/Sizing.drl", "Add without a quantity: size it by volatility"),
    ADD_CAP("entry/Sizing.drl", "Add risk above the add cap: shrink it"),
    ADD_CAP_REJECT("entry/Sizing.drl", "Add cap leaves less than the minimum order: reject"),
    STOP_REQUIRED("entry/Stops.drl", "Entry without a stop: reject"),
    STOP_WRONG_SIDE("entry/Stops.drl", "Stop on the wrong side of the price: reject"),
    STOP_CROSSED("entry/Stops.drl", "Add below a stop the price has already crossed: reject"),
    STOP_LOOSENED("entry/Stops.drl", "Add loosens the stop: reject"),
    VOLATILITY("entry/Volatility.drl", "Volatility above the limit: reject new risk"),

    TRADER_CLOSE("exits/TraderExits.drl", "Trader closes the position: close it all"),
    TRADER_REDUCE("exits/TraderExits.drl", "Trader reduces the position: reduce as asked"),
    TRADER_REDUCE_CLOSES("exits/TraderExits.drl",
            "Trader reduce would leave less than the minimum: close instead"),

    STOP_HIT("management/StopHit.drl", "Price at or through the stop: close everything"),
    DEFAULT_LADDER("management/TakeProfits.drl", "Position without take-profit targets: use the default ladder"),
    TIER_REDUCE("management/TakeProfits.drl", "Price reached the next take-profit tier: reduce"),
    TIER_CLOSE("management/TakeProfits.drl",
            "Price reached the next take-profit tier: close what would be left below the minimum"),
    TRAILING_STOP_CROSSED("management/TrailingStop.drl",
            "Trailing stop crossed after a tier taken: close everything"),
    TIER_TRAILING_STOP_CROSSED("management/TrailingStop.drl",
            "Tier reached with the trailing stop already crossed: close everything"),
    TRAILING_STOP("management/TrailingStop.drl", "First tier taken: trail the stop behind the best price");

    final String file;
    final String title;

    PolicyRule(String file, String title) {
        this.file = file;
        this.title = title;
    }
}
