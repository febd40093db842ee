//! Words: spelling variants and contractions, synonyms, stop words, and the everyday and
//! generic words that are weak evidence of any one error.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::tokens;

/// Chinese variants: the source page writes both 潜在顾客 and 潜在客户, 帐户 and 账户.
const CHINESE_VARIANTS: &[(&str, &str)] = &[
    ("顾客", "客户"),
    ("账", "帐"),
    ("机密", "密码"),
    ("登入", "登录"),
];

/// Expands contractions (`couldn't` → `could not`) and unifies Chinese variants.
pub(super) fn unify_spelling(text: &str) -> Cow<'_, str> {
    let mut s = Cow::Borrowed(text);
    // Most texts hold no apostrophe, and no character a variant starts with: one look each.
    if memchr::memchr(b'\'', text.as_bytes()).is_some() && s.contains("n't") {
        s = Cow::Owned(
            s.replace("can't", "can not")
                .replace("won't", "will not")
                .replace("n't", " not"),
        );
    }
    // The variants are Chinese: English text holds none of them.
    let starts_variant = |c: char| CHINESE_VARIANTS.iter().any(|(from, _)| from.starts_with(c));
    if text.is_ascii() || !text.contains(starts_variant) {
        return s;
    }
    for (from, to) in CHINESE_VARIANTS {
        if s.contains(from) {
            s = Cow::Owned(s.replace(from, to));
        }
    }
    s
}

/// English words that mean the same thing, as sequences of words mapped to one form (applied
/// to the words of a text before stop words are dropped and words are stemmed).
const SYNONYMS: &[(&[&str], &[&str])] = &[
    (&["log", "in"], &["signin"]),
    (&["log", "on"], &["signin"]),
    (&["sign", "in"], &["signin"]),
    (&["sign", "on"], &["signin"]),
    (&["login"], &["signin"]),
    (&["logon"], &["signin"]),
    (&["cannot"], &["can", "not"]),
    (&["not", "valid"], &["invalid"]),
    (&["azure", "active", "directory"], &["aad"]),
    (&["azure", "ad"], &["aad"]),
    (&["microsoft", "entra", "id"], &["aad"]),
    (&["microsoft", "entra"], &["aad"]),
    (&["entra", "id"], &["aad"]),
    (&["directory", "id"], &["tenant", "identifier"]),
    (&["tenant", "id"], &["tenant", "identifier"]),
    (&["client", "id"], &["application", "identifier"]),
    (&["application", "id"], &["application", "identifier"]),
    (&["app", "id"], &["application", "identifier"]),
    (&["application", "key"], &["client", "secret"]),
    (&["app", "key"], &["client", "secret"]),
    (&["app"], &["application"]),
];

/// Applies `SYNONYMS` to a sequence of words, longest match first. (`unify_words` lists the
/// words a synonym can start with: keep it in step.)
pub(super) fn unify_words<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'next: while i < words.len() {
        let first = words[i];
        let may_start = matches!(
            first,
            "log"
                | "sign"
                | "login"
                | "logon"
                | "cannot"
                | "not"
                | "azure"
                | "microsoft"
                | "entra"
                | "directory"
                | "tenant"
                | "client"
                | "application"
                | "app"
        );
        if !may_start {
            out.push(first);
            i += 1;
            continue;
        }
        for (from, to) in SYNONYMS {
            if words[i..].starts_with(from) {
                out.extend_from_slice(to);
                i += from.len();
                continue 'next;
            }
        }
        out.push(words[i]);
        i += 1;
    }
    out
}

/// Words dropped from every text (`is_stop_word`); sorted, so the list is easy to read.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "i",
    "if", "in", "is", "it", "its", "of", "on", "or", "our", "so", "that", "the", "this", "to",
    "was", "we", "were", "when", "with", "you", "your",
];

/// Whether `word` is one of `STOP_WORDS` (a set: it is asked for every word of every paste).
pub(super) fn is_stop_word(word: &str) -> bool {
    static SET: LazyLock<rustc_hash::FxHashSet<&str>> =
        LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    SET.contains(word)
}

/// About three hundred of the most frequent English words, stemmed like tokens.
static COMMON_WORDS: LazyLock<rustc_hash::FxHashSet<String>> = LazyLock::new(|| {
    const WORDS: &str = "about above across after again against all almost also although always among \
        another any anything around ask asked away back because become been before began begin \
        being below best better between big both bring but call came can case change check \
        close come could current data day did different do does done down during each early \
        else end enough error even ever every example fact fail failed far few find first follow \
        found from full general get give given go going good got great group had hand happen \
        hard has having help here high him his home how however idea important increase \
        information into just keep kind know large last later least leave left less let life \
        like line little long look made make many may mean might more most move much must \
        name need never new next no not nothing now number off often old once one only open \
        order other out over own part people place point possible problem provide provided \
        put question quite rather read real really reason request right run said same saw say \
        see seem set several should show side since small some something sometimes soon start \
        state still such sure system take than their them then there these they thing think \
        those though through time today together too took toward try turn two under until up \
        upon us use used user using value very want way well went what where whether which \
        while who whole why will without word work world would write wrong year yet again \
        please thanks thank hello hi dear regards issue issues message get got getting \
        because time out value valid invalid status code type new old";
    WORDS.split_whitespace().flat_map(tokens).collect()
});

/// Words that many unrelated messages use ("not found", "directory", "tenant", "permission",
/// "credentials"): however rare they are among the known errors, they never make a match sure
/// on their own. Stemmed like tokens.
pub(super) static GENERIC_WORDS: LazyLock<rustc_hash::FxHashSet<String>> = LazyLock::new(|| {
    const WORDS: &str = "not found find directory directories folder file files path tenant tenants \
        timeout timed time out permission permissions attribute attributes entity entities \
        credentials credential user users account accounts invalid valid access denied \
        authorized unauthorized authorization authentication error errors request requests \
        failed failure fail create created exist exists does no such repository object \
        reference instance password passwords username expired expire locked site reached \
        reach connect connection refused server key keys application applications";
    // Names of protocols and products that are written in mixed case like identifiers but
    // appear in every kind of technical text: `OAuth` names no one error.
    const NAMES: &str = "oauth openid saml token tokens bearer scheme javascript typescript \
        powershell github gitlab sharepoint onedrive linkedin youtube wordpress iphone ipad \
        macos ios devops mysql postgresql graphql nosql websocket websockets webhook webhooks";
    // The fields every service's error body has (`requestId`, `correlationId`): mixed case,
    // yet they name no error.
    const FIELDS: &str = "requestid clientrequestid correlationid traceid activityid \
        timestamp errorcode errormessage errordescription innererror statuscode httpstatus";
    // The same everyday words of error messages in the portals' other languages, and the
    // browser's and the system's stock phrases in Chinese (split into character pairs as
    // Chinese pastes are).
    const LOCALIZED: &str = "no se puede pudo conectar usuario inicio iniciar sesión cuenta \
        contraseña acceso denegado encontrado permiso nicht möglich konnte kann fehler benutzer \
        anmeldung anmelden konto kennwort passwort zugriff verweigert gefunden berechtigung \
        impossible connecter erreur utilisateur connexion compte mot passe accès refusé \
        introuvable autorisation não foi possível erro usuário entrar sessão conta senha \
        negado permissão 无法访问此网站 拒绝了我们的连接请求 无法连接 拒绝访问 访问被拒绝 \
        没有权限 权限不足 请求超时 连接超时 服务器错误 发生错误 出现错误 登录失败";
    WORDS
        .split_whitespace()
        .chain(NAMES.split_whitespace())
        .chain(FIELDS.split_whitespace())
        .chain(LOCALIZED.split_whitespace())
        .flat_map(tokens)
        .collect()
});

/// Whether a token is a generic word of error messages (see `GENERIC_WORDS`) or an everyday
/// English word.
pub fn is_generic_word(token: &str) -> bool {
    is_common_word(token) || GENERIC_WORDS.contains(token)
}

/// Whether a token is an everyday English word.
pub fn is_common_word(token: &str) -> bool {
    // The list is English: a Chinese character pair is not looked up.
    token.is_ascii() && COMMON_WORDS.contains(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_are_unified_and_texts_without_variants_are_left_alone() {
        assert_eq!(
            unify_spelling("潜在顾客的账户：机密无效，无法登入"),
            "潜在客户的帐户：密码无效，无法登录"
        );
        assert_eq!(
            unify_spelling("couldn't sign in, can't save, won't retry"),
            "could not sign in, can not save, will not retry"
        );
        for same in [
            "租户不存在",
            "tenant not found",
            "it's fine",
            "顾问 登记 机器",
        ] {
            assert!(
                matches!(unify_spelling(same), Cow::Borrowed(s) if s == same),
                "{same}"
            );
        }
    }

    #[test]
    fn common_words_are_ascii() {
        assert!(COMMON_WORDS.iter().all(|w| w.is_ascii()));
    }

    #[test]
    fn stop_words_are_sorted() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }
}
