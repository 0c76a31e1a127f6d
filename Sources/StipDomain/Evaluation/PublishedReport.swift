public import Foundation

/// The cycle whose public report residents see on a trajectory's page (`stipctl report publish`).
public struct PublishedReport: Codable, Sendable, Equatable {
    public var trajectory: String
    public var cycle: Int
    public var publishedAt: Date

    public init(trajectory: String, cycle: Int, publishedAt: Date) {
        self.trajectory = trajectory
        self.cycle = cycle
        self.publishedAt = publishedAt
    }

    enum CodingKeys: String, CodingKey {
        case trajectory, cycle
        case publishedAt = "published_at"
    }
}
