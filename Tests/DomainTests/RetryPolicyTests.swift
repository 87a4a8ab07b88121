import Testing
import Workflow

@Suite struct RetryPolicyTests {
    @Test func backoffGrowsWithJitterAndNeverPassesTheCap() {
        let policy = RetryPolicy(base: 1, cap: 30, fallbackAfterAttempts: 4)
        #expect(policy.delay(afterAttempts: 1, retryAfter: nil, random: 1) == 1)
        #expect(policy.delay(afterAttempts: 1, retryAfter: nil, random: 0) == 0.5)
        #expect(policy.delay(afterAttempts: 4, retryAfter: nil, random: 1) == 8)
        #expect(policy.delay(afterAttempts: 20, retryAfter: nil, random: 1) == 30)
        #expect(policy.delay(afterAttempts: 1, retryAfter: 10, random: 0) == 10)
        #expect(policy.delay(afterAttempts: 1, retryAfter: 3600, random: 0) == 30)
    }
}
