package dev.internvillage.review;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.task.SubtaskId;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
class ReviewController {

    private final DiffService diffs;

    ReviewController(DiffService diffs) {
        this.diffs = diffs;
    }

    @GetMapping("/subtasks/{id}/diff")
    DiffService.Diff diff(CurrentUser user, @PathVariable UUID id) {
        return diffs.diff(user, new SubtaskId(id));
    }
}
