/// Everything the resident pages say, in Dutch and English. Plain language (B1), short sentences.
struct PublicTexts: Sendable {
    let language: PublicLanguage

    private func t(_ nl: String, _ en: String) -> String { language == .nl ? nl : en }

    var skipToContent: String { t("Naar de inhoud", "Skip to content") }
    var languageLabel: String { t("Taal", "Language") }
    var errorTitlePrefix: String { t("Fout:", "Error:") }
    var otherLanguage: String { t("English", "Nederlands") }
    var otherLanguageCode: String { t("en", "nl") }
    var openActivities: String { t("Doe mee", "Take part") }
    var noOpenActivities: String {
        t("Er zijn nu geen activiteiten waaraan u kunt meedoen.", "There are no activities to take part in right now.")
    }
    var trajectories: String { t("Projecten", "Projects") }
    var why: String { t("Waarom vragen we uw mening?", "Why do we ask for your views?") }
    var whatIsDecided: String { t("Wat wordt er besloten, en door wie?", "What will be decided, and by whom?") }
    var phases: String { t("Planning", "Timeline") }
    var howToTakePart: String { t("Zo doet u mee", "How to take part") }
    var whatHappened: String { t("Wat is er met de inbreng gedaan?", "What happened with the contributions?") }
    var noResponsesYet: String {
        t("Er zijn nog geen reacties op de inbreng gepubliceerd.", "No responses to the contributions have been published yet.")
    }
    var reportBacks: String { t("Terugkoppeling", "Report-backs") }
    /// All contributions received, poll answers included.
    func received(_ count: Int) -> String { t("Ontvangen bijdragen: \(count).", "Contributions received: \(count).") }
    /// Ideas and questions answered one by one; poll answers and counts are answered together in report-backs.
    func answered(_ answered: Int, of total: Int) -> String {
        t(
            "Ideeën en vragen die een eigen antwoord krijgen: \(total), waarvan \(answered) al beantwoord.",
            "Ideas and questions that get an answer of their own: \(total), of which \(answered) answered so far.")
    }
    var phaseColumn: String { t("Fase", "Phase") }
    var whenColumn: String { t("Wanneer", "When") }
    var decisionColumn: String { t("Besluit", "Decision") }
    var explanationColumn: String { t("Toelichting", "Explanation") }
    var invitedHeading: String { t("Alleen voor genodigden", "By invitation only") }
    var invitedText: String {
        t(
            "Hieraan doen huishoudens mee die een brief met een code van de gemeente kregen. U heeft die code nodig.",
            "Households that received a letter with a code from the municipality take part in these. You need that code.")
    }
    var invitedOnly: String {
        t("Alleen met de code uit de brief van de gemeente.", "Only with the code from the municipality's letter.")
    }
    var stateOpen: String { t("Nu open", "Open now") }
    var stateClosed: String { t("Gesloten", "Closed") }
    var stateUpcoming: String { t("Binnenkort", "Coming up") }
    var stateFinished: String { t("Afgelopen", "Finished") }
    var stateNow: String { t("Nu", "Now") }
    func until(_ end: String) -> String { t(" tot \(end)", " to \(end)") }
    func fromUntil(_ start: String, _ end: String) -> String { t("van \(start) tot en met \(end)", "from \(start) to \(end)") }
    func inPhase(_ phase: String, _ days: String) -> String { t("in de fase \(phase), \(days)", "during the \(phase) phase, \(days)") }
    func decision(by maker: String) -> String {
        t("Het besluit neemt \(decider(maker)).", "The decision is taken by \(decider(maker)).")
    }
    var theme: String { t("Thema", "Theme") }
    var singleContribution: String { t("Een bijdrage", "A contribution") }
    /// What a respondent needs to use their privacy rights: the reference their answers are kept under.
    func referenceNote(_ reference: String) -> String {
        t(
            "Uw antwoorden zijn bewaard onder kenmerk \(reference). Wilt u later weten wat de gemeente van u bewaart, of het laten wissen? Noem dan dit kenmerk.",
            "Your answers are kept under reference \(reference). To find out later what the municipality keeps about you, or to have it erased, give this reference."
        )
    }
    var fillIn: String { t("Vul de peiling in", "Fill in the poll") }
    var opensOn: String { t("Open vanaf", "Opens") }
    var closesOn: String { t("Open tot en met", "Open until") }
    var required: String { t("verplicht", "required") }
    var optional: String { t("niet verplicht", "optional") }
    var errorSummary: String { t("Er gaat iets mis. Controleer deze antwoorden:", "Something is wrong. Please check these answers:") }
    var code: String { t("Uw code", "Your code") }
    var codeHelp: String {
        t(
            "U vindt de code in de brief die u van de gemeente kreeg, bijvoorbeeld K7WX-M4PT-RHC.",
            "You find the code in the letter from the municipality, for example K7WX-M4PT-RHC.")
    }
    var rankHelp: String {
        t(
            "Geef elke keuze een plaats: 1 is uw eerste keus. Gebruik elk nummer één keer.",
            "Give every option a place: 1 is your first choice. Use each number once.")
    }
    var rankPlace: String { t("Plaats", "Place") }
    var chooseOne: String { t("Kies…", "Choose…") }
    var thanksTitle: String { t("Bedankt voor uw reactie", "Thank you for your response") }
    var thanksReceived: String { t("Uw reactie is ontvangen en opgeslagen.", "Your response has been received and stored.") }
    var thanksPending: String {
        t(
            "Uw reactie is ontvangen en veilig opgeslagen. We controleren hem zo snel mogelijk; u hoeft niets meer te doen.",
            "Your response has been received and stored safely. We will check it shortly; you do not need to do anything else.")
    }
    var whatNext: String { t("Wat gebeurt er nu?", "What happens next?") }
    func nextSteps(closes: String?, decider: String) -> String {
        let after = closes.map { t("Na sluiting op \($0) ", "After it closes on \($0), ") } ?? t("Na afloop ", "Afterwards, ")
        return after
            + t(
                "bekijkt de gemeente alle reacties. Daarna besluit \(decider). Op de projectpagina leest u wat er met de inbreng is gedaan.",
                "the municipality looks at all responses. Then \(decider) decides. The project page tells you what was done with the contributions."
            )
    }
    var backToProject: String { t("Naar de projectpagina", "To the project page") }
    var alreadyResponded: String { t("U heeft al gereageerd", "You have already responded") }
    var notSavedTitle: String { t("Uw antwoord is nog niet bewaard", "Your answer has not been saved yet") }
    var notSavedText: String {
        t(
            "Door een storing in de opslag kunnen antwoorden nu niet worden bewaard. Uw antwoord is niet bewaard; probeer het over een paar minuten opnieuw.",
            "Because of a storage fault, answers cannot be saved right now. Your answer has not been saved; please try again in a few minutes."
        )
    }
    var alreadyRespondedText: String {
        t(
            "Vanuit deze browser is al een reactie gestuurd, en iedereen kan één keer reageren. Uw eerdere reactie telt mee.",
            "A response has already been sent from this browser, and everyone can respond once. Your earlier response counts.")
    }
    var codeUsed: String {
        t(
            "Deze code is al gebruikt. Met één code kan één keer worden gereageerd.",
            "This code has already been used. A code can be used once.")
    }
    var codeInvalid: String {
        t("Deze code klopt niet. Controleer de code in uw brief.", "This code is not right. Please check the code in your letter.")
    }
    var closedTitle: String { t("Deze peiling is gesloten", "This poll is closed") }
    var closedText: String {
        t(
            "U kunt niet meer reageren. Op de projectpagina leest u wat er met de reacties gebeurt.",
            "You can no longer respond. The project page tells you what happens with the responses.")
    }
    var notYetOpenTitle: String { t("Deze peiling is nog niet open", "This poll is not open yet") }
    var rootTitle: String { t("Meedoen met uw gemeente", "Taking part in your municipality") }
    var rootText: String {
        t(
            "Op deze site vraagt uw gemeente uw mening over plannen in uw buurt. Elke gemeente heeft hier een eigen pagina. Het adres staat in de brief of op de website van uw gemeente.",
            "On this site your municipality asks for your views on plans in your area. Each municipality has its own page here. You find its address in the letter or on the website of your municipality."
        )
    }
    var notFoundTitle: String { t("Pagina niet gevonden", "Page not found") }
    var notFoundText: String {
        t("Deze pagina bestaat niet (meer). Controleer het adres.", "This page does not exist (any more). Please check the address.")
    }
    var unavailableTitle: String { t("Tijdelijk niet beschikbaar", "Temporarily unavailable") }
    var unavailableText: String {
        t(
            "Deze pagina's zijn op dit moment niet beschikbaar. Probeer het later nog eens.",
            "These pages are not available at the moment. Please try again later.")
    }
    var suspendedFormNotice: String {
        t(
            "Uw antwoorden zijn nog niet verstuurd: de pagina's van de gemeente zijn even gesloten. Ze staan hieronder nog ingevuld. Laat deze pagina open en verstuur het formulier over een uur opnieuw.",
            "Your answers have not been sent yet: the municipality's pages are closed for a while. They are still filled in below. Keep this page open and send the form again in an hour."
        )
    }
    var tooManyTitle: String { t("Even geduld", "Please wait") }
    var tooManyText: String {
        t(
            "U heeft in korte tijd veel verstuurd. Wacht een minuut en probeer het opnieuw.",
            "You have sent a lot in a short time. Wait a minute and try again.")
    }
    var tooManyPagesText: String {
        t(
            "U heeft in korte tijd heel veel pagina's opgevraagd. Wacht een minuut en probeer het opnieuw.",
            "You have asked for a great many pages in a short time. Wait a minute and try again.")
    }
    var expiredFormTitle: String { t("Het formulier is verlopen", "The form has expired") }
    var expiredFormText: String {
        t(
            "Laad de pagina opnieuw en verstuur het formulier nog eens. Uw browser moet cookies van deze site toestaan.",
            "Reload the page and send the form again. Your browser must accept cookies from this site.")
    }
    var cookieNotice: String {
        t(
            "Deze site bewaart alleen functionele cookies: één om dubbele reacties te voorkomen, en één met de taal die u kiest. We slaan geen IP-adressen op.",
            "This site keeps only functional cookies: one to prevent double responses, and one with the language you choose. We do not store IP addresses."
        )
    }
    var privacyNotice: String {
        t("Uw antwoorden worden alleen gebruikt voor dit project.", "Your answers are only used for this project.")
    }

    // Messages for the host's own checks of a form.
    var mustAnswer: String { t("Beantwoord deze vraag.", "Please answer this question.") }
    // Each says what is wrong with what the resident entered, not only the rule: the rule is in the hint already.
    func tooLong(_ max: Int, has count: Int) -> String {
        t("Uw tekst heeft \(count) tekens; gebruik er hoogstens \(max).", "Your text has \(count) characters; use at most \(max).")
    }
    func outOfRange(_ min: String, _ max: String, entered: String) -> String {
        t(
            "\(entered) kan niet: kies een getal van \(min) tot en met \(max).",
            "\(entered) is not possible: choose a number from \(min) to \(max).")
    }
    func notWhole(_ entered: String) -> String {
        t("\(entered) is geen heel getal: kies een heel getal.", "\(entered) is not a whole number: choose a whole number.")
    }
    func chooseBetween(_ low: Int, _ high: Int, chosen: Int) -> String {
        let rule = low == high ? t("kies er \(low)", "choose \(low)") : t("kies er \(low) tot en met \(high)", "choose \(low) to \(high)")
        return t("U koos er \(chosen); \(rule).", "You chose \(chosen); \(rule).")
    }
    var controlCharacters: String {
        t(
            "Uw tekst bevat tekens die geen tekst zijn. Typ hem opnieuw.",
            "Your text holds characters that are not text. Please type it again.")
    }
    var notAnOption: String { t("Kies een van de getoonde mogelijkheden.", "Choose one of the options shown.") }
    var notANumber: String { t("Vul een getal in.", "Enter a number.") }
    var notAnEmail: String {
        t("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.", "Enter a valid e-mail address, for example name@example.org.")
    }
    func rankingIncomplete(_ count: Int) -> String {
        t("Geef elke keuze een andere plaats, van 1 tot en met \(count).", "Give every option a different place, from 1 to \(count).")
    }
    var codeMissing: String { t("Vul de code uit uw brief in.", "Enter the code from your letter.") }

    func level(_ level: String) -> String {
        switch level {
        case "inform": t("De gemeente informeert u over de plannen.", "The municipality informs you about the plans.")
        case "consult": t("De gemeente vraagt uw mening en weegt die mee.", "The municipality asks for your views and weighs them.")
        case "advise":
            t(
                "U adviseert; de gemeente legt uit als zij van het advies afwijkt.",
                "You advise; the municipality explains when it departs from the advice.")
        case "coproduce": t("U werkt samen met de gemeente aan de oplossing.", "You work with the municipality on the solution.")
        case "codecide": t("U beslist mee over de uitkomst.", "You help decide the outcome.")
        default: level
        }
    }

    func decider(_ maker: String) -> String {
        switch maker {
        case "council": t("de gemeenteraad", "the municipal council")
        case "executive": t("het college van burgemeester en wethouders", "the municipal executive (the mayor and aldermen)")
        case "official": t("een ambtenaar namens de gemeente", "an official on behalf of the municipality")
        default: maker
        }
    }

    func status(_ status: String) -> String {
        switch status {
        case "received": t("ontvangen", "received")
        case "under_consideration": t("in behandeling", "under consideration")
        case "adopted": t("overgenomen", "adopted")
        case "partly_adopted": t("deels overgenomen", "partly adopted")
        case "not_adopted": t("niet overgenomen", "not adopted")
        default: status
        }
    }

    func channel(_ channel: String) -> String {
        switch channel {
        case "email": t("e-mail", "e-mail")
        case "letter": t("brief", "letter")
        case "meeting": t("bijeenkomst", "meeting")
        case "web": t("website", "website")
        default: channel
        }
    }

    var targeted: String { t("voor een speciale doelgroep; u wordt hiervoor uitgenodigd", "for a specific group; you will be invited") }
}

import Foundation
