package dev.internvillage.activity;

import dev.internvillage.auth.CurrentUser;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/activity} (every queued and running agent in the user's projects) and {@code GET
 * /api/needs-you} (the inbox). Both are snapshots; the user-level stream says when to read again.
 */
@RestController
class ActivityController {

    private final ActivityRepository activity;

    ActivityController(ActivityRepository activity) {
        this.activity = activity;
    }

    record Activity(List<ActivityRun> runs) {}

    record NeedsYou(List<NeedsYouItem> items) {}

    @GetMapping("/api/activity")
    Activity activity(CurrentUser user) {
        return new Activity(activity.activeRuns(user.id()));
    }

    @GetMapping("/api/needs-you")
    NeedsYou needsYou(CurrentUser user) {
        return new NeedsYou(activity.needsYou(user.id()));
    }
}
