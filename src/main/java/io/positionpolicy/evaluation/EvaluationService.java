package io.positionpolicy.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.model.Decision;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetHolder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jboss.logging.Logger;

/** Evaluates request bodies against the active rule set: one request, or a batch of independent items. */
@ApplicationScoped
public class EvaluationService {
    private static final Logger LOG = Logger.getLogger(EvaluationService.class);

    private final RuleSetHolder holder;
    private final int maxBatchItems;

    public EvaluationService(RuleSetHolder holder, PolicyConfig config) {
        this.holder = holder;
        this.maxBatchItems = config.api().maxBatchItems();
    }

    public Decision evaluate(byte[] body) {
        RuleSet ruleSet = active();
        return Evaluator.evaluate(ruleSet, RequestParser.parse(body));
    }

    /** Every item is evaluated on the same rule set; a bad item is reported in its slot and the others go on. */
    public List<BatchItem> evaluateBatch(byte[] body) {
        JsonNode items = batchItems(RequestParser.tree(body));
        RuleSet ruleSet = active();
        List<BatchItem> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            results.add(evaluateItem(ruleSet, i, items.get(i)));
        }
        return results;
    }

    private BatchItem evaluateItem(RuleSet ruleSet, int index, JsonNode item) {
        try {
            return BatchItem.decided(index, Evaluator.evaluate(ruleSet, RequestParser.parse(item)));
        } catch (InvalidRequestException e) {
            String prefix = "$.items[" + index + "]";
            return BatchItem.invalid(index, e.errors().stream()
                    .map(error -> new FieldError(prefix + error.field().substring(1), error.reason()))
                    .toList());
        } catch (RuleEngineException e) {
            LOG.errorf(e, "Batch item %d failed in the rule engine", index);
            return BatchItem.failed(index, e.getMessage());
        }
    }

    private JsonNode batchItems(JsonNode root) {
        if (!root.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("$", "must be an object: {\"items\": [...]}")));
        }
        Iterator<String> names = root.fieldNames();
        List<FieldError> errors = new ArrayList<>();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("items")) {
                errors.add(new FieldError("$." + name, "unknown field '" + name + "'"));
            }
        }
        JsonNode items = root.get("items");
        if (items == null || !items.isArray()) {
            errors.add(new FieldError("$.items", "is required: an array of evaluation requests"));
        } else if (items.isEmpty()) {
            errors.add(new FieldError("$.items", "must hold at least one request"));
        } else if (items.size() > maxBatchItems) {
            errors.add(new FieldError("$.items", "holds " + items.size() + " requests; the limit is " + maxBatchItems));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return items;
    }

    private RuleSet active() {
        return holder.current().orElseThrow(RuleSetUnavailableException::new);
    }
}
