import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StipDomain
import StipJSON
import StipHTTP
import StipParticipation

// MARK: - The form, and responses to it

extension ResidentSite {
    func formPage(_ request: Request, _ context: ResidentWorkspaceContext) async throws -> Response {
        let target = try await target(request, context, depth: 3)
        try refuseOutsideWindow(target, json: false)
        let (browser, cookie) = browser(request)
        // A browser that answered already is told so at once, with what happens next, not shown empty fields.
        if cookie == nil, let activity = target.activity, await residents.hasResponded(target.workspace, to: activity, browser: browser) {
            return Self.html(
                target.pages.alreadyResponded(
                    window: target.window, decider: target.trajectory!.plan.decisionMaker.rawValue, trajectoryPath: target.trajectoryPath))
        }
        guard let form = await describedForm(target)?.form else { throw unavailableForm(target) }
        let html = formHTML(target, form, browser: browser, entered: [:], errors: [:], codeError: nil)
        return Self.html(html, cookie: cookie)
    }

    func submitForm(_ request: Request, _ context: ResidentWorkspaceContext) async throws -> Response {
        let contentType = RequestMediaType.of(request.headers[.contentType])
        if contentType == "application/json" { return try await submitJSON(request, context) }
        let target = try await target(request, context, depth: 3)
        let texts = target.texts
        guard limiter.allow(client(request, context)) else {
            var headers = HTTPFields()
            headers[.retryAfter] = "60"
            throw PublicFailure.page(.tooManyRequests, target.pages.notice(texts.tooManyTitle, texts.tooManyText), headers: headers)
        }
        try refuseOutsideWindow(target, json: false)
        guard contentType == "application/x-www-form-urlencoded" else {
            throw PublicFailure.page(.unsupportedMediaType, target.pages.notice(texts.expiredFormTitle, texts.expiredFormText))
        }
        let body = try await collect(request)
        guard let pairs = FormSubmission.pairs(body) else {
            throw PublicFailure.problem(.badRequest, code: "invalid_body", detail: "the form holds an escape that is not UTF-8 text")
        }
        let (browser, cookie) = browser(request)
        if context.suspended { return try await suspendedForm(request, target, pairs: pairs, browser: browser) }
        let token = pairs.first { $0.0 == "stip-token" }?.1 ?? ""
        // A form token belongs to one browser and one form: a page on another site cannot post on a resident's behalf.
        guard cookie == nil, signer.checkFormToken(token, browser: browser, path: target.activityPathOnly) else {
            return Self.html(
                target.pages.notice(texts.expiredFormTitle, texts.expiredFormText, link: (target.activityPath, texts.fillIn)),
                status: .forbidden,
                cookie: cookie)
        }
        guard let form = await describedForm(target)?.form else { throw unavailableForm(target) }
        let submission = FormSubmission.fromForm(pairs, form: form, texts: texts)
        var codeError: String?
        var proof = target.limit == .none ? ResponseProof.none : .browser(browser)
        if target.askCode {
            if let code = PollCode.normalise(submission.entered["stip-code"]?.first ?? "") {
                proof = .code(code)
            } else {
                codeError = (submission.entered["stip-code"]?.first ?? "").isEmpty ? texts.codeMissing : texts.codeInvalid
            }
        }
        guard submission.errors.isEmpty, codeError == nil else {
            if !submission.errors.isEmpty { residents.refusedByForm(target.workspace, target.activity) }
            return Self.html(
                formHTML(target, form, browser: browser, entered: submission.entered, errors: submission.errors, codeError: codeError),
                status: .unprocessableContent)
        }
        do {
            let stored = try await residents.submit(
                target.workspace, to: target.activity!, answers: submission.submission, proof: proof, language: texts.language.rawValue)
            var headers = HTTPFields()
            let status = stored.state == .pendingValidation ? "pending" : "received"
            // The respondent's own reference goes with them, so they can ask later what is kept about them (AVG).
            let reference = stored.participant.map { "&ref=\($0)" } ?? ""
            headers[.location] = "\(target.activityPathOnly)/thanks?status=\(status)&lang=\(texts.language.rawValue)\(reference)"
            return Response(status: .seeOther, headers: headers)
        } catch {
            // One catch with a switch: separate `catch … where` clauses on a typed error crash Swift 6.3's SILGen here.
            return try refusedForm(error, target, form, browser: browser, submission: submission)
        }
    }

    /// The form with every answer the resident gave, under a notice that the municipality's pages are closed for
    /// now: nothing is stored, nothing is lost, and the form can be sent again later from the same page.
    func suspendedForm(_ request: Request, _ target: Target, pairs: [(String, String)], browser: String) async throws -> Response {
        let texts = target.texts
        guard let form = await describedForm(target)?.form else {
            throw PublicFailure.unavailable(request, language: texts.language, municipality: target.workspace.workspace.name, json: false)
        }
        let submission = FormSubmission.fromForm(pairs, form: form, texts: texts)
        return notStored(target, form, browser: browser, entered: submission.entered, notice: texts.suspendedFormNotice, retryAfter: 3600)
    }

    /// The form again with what was entered and why it was not stored (503): nothing typed is lost when the
    /// resident tries again later.
    func notStored(
        _ target: Target, _ form: PublicForm, browser: String, entered: [String: [String]], notice: String, retryAfter: Int
    ) -> Response {
        var response = Self.html(
            formHTML(target, form, browser: browser, entered: entered, errors: [:], codeError: nil, notice: notice),
            status: .serviceUnavailable)
        response.headers[.retryAfter] = String(retryAfter)
        return response
    }

    /// The form again with the plugin's field errors, or the notice for a browser or code that answered before.
    func refusedForm(_ error: DomainError, _ target: Target, _ form: PublicForm, browser: String, submission: FormSubmission) throws
        -> Response
    {
        let texts = target.texts
        var submission = submission
        switch error.code {
        case .invalidContribution:
            var general: [String] = []
            for issue in error.fieldIssues {
                if let field = form.field(at: issue.field) {
                    submission.errors[field.id] = issue.message
                } else {
                    general.append(issue.message)
                }
            }
            if !general.isEmpty, let first = form.fields.first {
                submission.errors[first.id] = ((submission.errors[first.id].map { [$0] } ?? []) + general).joined(separator: " ")
            }
            return Self.html(
                formHTML(target, form, browser: browser, entered: submission.entered, errors: submission.errors, codeError: nil),
                status: .unprocessableContent)
        case .alreadyContributed:
            let text = target.askCode ? texts.codeUsed : texts.alreadyRespondedText
            return Self.html(
                target.pages.notice(texts.alreadyResponded, text, link: (target.trajectoryPath, texts.backToProject)), status: .conflict)
        case .invalidReference:
            return Self.html(
                formHTML(target, form, browser: browser, entered: submission.entered, errors: [:], codeError: texts.codeInvalid),
                status: .unprocessableContent)
        case .storageFull:
            return notStored(target, form, browser: browser, entered: submission.entered, notice: texts.notSavedText, retryAfter: 300)
        default:
            throw error
        }
    }

    func formHTML(
        _ target: Target, _ form: PublicForm, browser: String, entered: [String: [String]], errors: [String: String], codeError: String?,
        notice: String? = nil
    ) -> String {
        let texts = target.texts
        // The plan's own title for the activity over the method's generic one ("Peiling"), and the page says which
        // trajectory it belongs to: a resident arriving from a link or a search should know where they are.
        var form = form
        let language = texts.language == .en ? "en" : "nl"
        if let planned = target.trajectory?.plan.activities.first(where: { $0.id == target.activity?.id })?.title {
            form.title = planned.text(language)
        }
        let pageTitle = target.trajectory.map { "\(form.title) — \($0.plan.title.text(language))" } ?? form.title
        // The answers go back in the language of this form, whatever the browser says next.
        let view = FormRenderer(texts: texts).view(
            form, closes: target.window.closes.map(target.dates.moment),
            action: "\(target.activityPathOnly)?lang=\(texts.language.rawValue)",
            token: signer.formToken(browser: browser, path: target.activityPathOnly), askCode: target.askCode, entered: entered,
            errors: errors, codeError: codeError, notice: notice, back: LinkView(href: target.trajectoryPath, label: texts.backToProject))
        let failed = !errors.isEmpty || codeError != nil
        return Templates.render("form", frame: target.layout.frame(title: pageTitle, failed: failed), view)
    }

    // MARK: - JSON

    func formJSON(_ request: Request, _ context: ResidentWorkspaceContext) async throws -> Response {
        let target = try await target(request, context, depth: 3, json: true)
        guard let raw = await describedForm(target)?.raw else {
            throw PublicFailure.problem(
                .serviceUnavailable, code: "form_unavailable", detail: "the form cannot be shown right now; try again later",
                headers: [.retryAfter: "300"])
        }
        let window = target.window
        let position: String
        switch window.position(at: Date()) {
        case .open: position = "open"
        case .closed: position = "closed"
        case .notYetOpen: position = "not_yet_open"
        }
        var object: [String: JSONValue] = [
            "form": raw, "state": .string(position),
            "one_response_per": .string(target.limit.rawValue), "language": .string(target.texts.language.rawValue),
        ]
        let formatter = ISO8601DateFormatter()
        if let opens = window.opens { object["opens"] = .string(formatter.string(from: opens)) }
        if let closes = window.closes { object["closes"] = .string(formatter.string(from: closes)) }
        let (_, cookie) = browser(request)
        var response = Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: JSONValue.object(object).jsonBytes())))
        if let cookie { response.setCookie(cookie) }
        return response
    }

    func submitJSON(_ request: Request, _ context: ResidentWorkspaceContext) async throws -> Response {
        // JSON posted to a page's address while the municipality is suspended: nothing is stored.
        if context.suspended {
            let texts = PublicTexts(language: PublicLanguage.of(request, workspace: context.workspace).language)
            throw PublicFailure.problem(
                .serviceUnavailable, code: "unavailable", detail: texts.unavailableText, headers: [.retryAfter: "3600"])
        }
        let target = try await target(request, context, depth: 3, json: true)
        guard limiter.allow(client(request, context)) else {
            throw PublicFailure.problem(
                .tooManyRequests, code: "rate_limited", detail: "too many submissions; wait a minute", headers: [.retryAfter: "60"])
        }
        try refuseOutsideWindow(target, json: true)
        guard RequestMediaType.field(request.headers[.contentType], is: "application/json") else {
            throw PublicFailure.problem(.unsupportedMediaType, code: "unsupported_media_type", detail: "send application/json")
        }
        let body = try await collect(request)
        guard case .object(let object)? = try? JSONValue.parse(bytes: Array(body.utf8)), case .object(let answers)? = object["answers"]
        else {
            throw PublicFailure.problem(.badRequest, code: "invalid_body", detail: "send {\"answers\": {field id: value}, \"code\": \"…\"}")
        }
        guard let form = await describedForm(target)?.form else {
            throw PublicFailure.problem(
                .serviceUnavailable, code: "form_unavailable", detail: "the form cannot be read right now; try again later",
                headers: [.retryAfter: "300"])
        }
        let texts = target.texts
        var proof: ResponseProof
        if target.limit == .none {
            proof = .none
        } else if target.askCode {
            guard let code = PollCode.normalise(object["code"]?.stringValue ?? "") else {
                throw PublicFailure.problem(
                    .unprocessableContent, code: "invalid_code", detail: texts.codeInvalid,
                    errors: [["field": "code", "message": texts.codeMissing]])
            }
            proof = .code(code)
        } else {
            // One response per browser needs the signed cookie the form gave out.
            guard let value = Self.cookie("stip_b", in: request), let id = signer.browserID(fromCookie: value) else {
                throw PublicFailure.problem(
                    .badRequest, code: "cookie_required", detail: "get the form first (GET …/form) and send its cookie back")
            }
            proof = .browser(id)
        }
        let submission = FormSubmission.fromJSON(answers, form: form, texts: texts)
        guard submission.errors.isEmpty else {
            residents.refusedByForm(target.workspace, target.activity)
            throw PublicFailure.problem(
                .unprocessableContent, code: "invalid_response", detail: texts.errorSummary,
                errors: submission.errors.sorted { $0.key < $1.key }.map { ["field": $0.key, "message": $0.value] })
        }
        do {
            let stored = try await residents.submit(
                target.workspace, to: target.activity!, answers: submission.submission, proof: proof, language: texts.language.rawValue)
            let pending = stored.state == .pendingValidation
            var members: [String: JSONValue] = [
                "id": .string(stored.id), "state": .string(stored.state.rawValue),
                "message": .string(pending ? texts.thanksPending : texts.thanksReceived),
            ]
            if let participant = stored.participant {
                members["reference"] = .string(participant)
                members["reference_note"] = .string(texts.referenceNote(participant))
            }
            let reply = JSONValue.object(members)
            return Response(
                status: pending ? .accepted : .created, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: reply.jsonBytes())))
        } catch {
            switch error.code {
            case .invalidContribution:
                let errors = error.fieldIssues.map { issue in
                    ["field": form.field(at: issue.field)?.id ?? issue.field, "message": issue.message]
                }
                throw PublicFailure.problem(.unprocessableContent, code: "invalid_response", detail: texts.errorSummary, errors: errors)
            case .alreadyContributed:
                throw PublicFailure.problem(
                    .conflict, code: "already_responded", detail: target.askCode ? texts.codeUsed : texts.alreadyRespondedText)
            case .invalidReference:
                throw PublicFailure.problem(
                    .unprocessableContent, code: "invalid_code", detail: texts.codeInvalid,
                    errors: [["field": "code", "message": texts.codeInvalid]])
            case .storageFull:
                throw PublicFailure.problem(
                    .serviceUnavailable, code: "not_saved", detail: texts.notSavedText, headers: [.retryAfter: "300"])
            default:
                throw error
            }
        }
    }

    // MARK: - Helpers

    func refuseOutsideWindow(_ target: Target, json: Bool) throws {
        let texts = target.texts
        let position = target.activity?.position(at: Date()) ?? .closed
        switch position {
        case .open:
            return
        case .closed:
            if json { throw PublicFailure.problem(.gone, code: "closed", detail: texts.closedText) }
            throw PublicFailure.page(
                .gone, target.pages.notice(texts.closedTitle, texts.closedText, link: (target.trajectoryPath, texts.backToProject)))
        case .notYetOpen:
            let opens = target.window.opens.map(target.dates.moment) ?? ""
            let text = "\(texts.opensOn) \(opens)."
            if json { throw PublicFailure.problem(.forbidden, code: "not_yet_open", detail: text) }
            throw PublicFailure.page(
                .forbidden, target.pages.notice(texts.notYetOpenTitle, text, link: (target.trajectoryPath, texts.backToProject)))
        }
    }

    func unavailableForm(_ target: Target) -> PublicFailure {
        var headers = HTTPFields()
        headers[.retryAfter] = "300"
        return .page(
            .serviceUnavailable, target.pages.notice(target.texts.unavailableTitle, target.texts.unavailableText), headers: headers)
    }

    func collect(_ request: Request) async throws -> String {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > settings.maxBodyBytes {
            throw PublicFailure.problem(
                .contentTooLarge, code: "too_large", detail: "the body is larger than \(settings.maxBodyBytes) bytes")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: settings.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw PublicFailure.problem(
                .contentTooLarge, code: "too_large", detail: "the body is larger than \(settings.maxBodyBytes) bytes")
        } catch {
            throw PublicFailure.problem(.badRequest, code: "invalid_body", detail: "the body could not be read; send it again")
        }
        // One rule for both APIs: text that is not UTF-8 is refused, never stored with replacement characters.
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw PublicFailure.problem(.badRequest, code: "invalid_body", detail: "the body is not UTF-8 text")
        }
        return text
    }
}
