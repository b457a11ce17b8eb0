package io.herald.dispatcher.kafka;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/assignments}: which partitions of which signed topics this instance owns right now, so
 * {@code ./herald scale dispatcher} (and a person) can see how instances of one provider set split the work.
 * Reads the listener containers only.
 *
 * <pre>{@code {"instance":"dispatcher-1","assignments":[{"topic":"herald.signed.dingtalk",
 *   "group":"herald-dispatcher-dingtalk","partitions":[0,2,4]}]}}</pre>
 */
@RestController
public class AssignmentsController {

    /** Needs an OPERATOR credential ({@code io.herald.dispatcher.DispatcherDoors}). */
    public static final String PATH = "/v1/assignments";

    private final SignedTopicContainers containers;
    private final String instanceId;

    public AssignmentsController(
            SignedTopicContainers containers, io.herald.dispatcher.DispatcherProperties properties) {
        this.containers = containers;
        this.instanceId = properties.instanceId();
    }

    /** One topic's share of this instance. */
    public record Assignment(String topic, String group, List<Integer> partitions) {}

    public record Assignments(String instance, List<Assignment> assignments) {}

    @GetMapping(PATH)
    public Assignments assignments() {
        List<Assignment> assignments = new ArrayList<>();
        for (var container : containers.containers()) {
            Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
            for (String topic : container.getContainerProperties().getTopics()) {
                byTopic.put(topic, new ArrayList<>());
            }
            var assigned = container.getAssignedPartitions();
            if (assigned != null) {
                assigned.stream()
                        .sorted(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
                        .forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                                .add(tp.partition()));
            }
            byTopic.forEach((topic, partitions) -> assignments.add(
                    new Assignment(topic, container.getContainerProperties().getGroupId(), List.copyOf(partitions))));
        }
        return new Assignments(instanceId, assignments);
    }
}
