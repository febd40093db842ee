//! The forms behind "Test my destination", in the wizard and in plain mode: for each
//! destination, the fields of its `leadwiz validate` flags, the same rules (required fields,
//! secrets from a field or the environment variable the command reads, service addresses
//! replaced only by loopback addresses), and the staged check they start.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use url::Url;

use super::{
    dynamics_validate, entra, is_loopback, marketo, salesforce, shown_url, validate_simple,
};
use crate::guide::LiveCheck;
use crate::validate::{Msg, Validation};

/// The environment variables secrets are read from (as `leadwiz validate` reads them).
pub const CONNECTION_VAR: &str = "AZURE_STORAGE_CONNECTION_STRING";
pub const CLIENT_SECRET_VAR: &str = "LEADWIZ_CLIENT_SECRET";
pub const PASSWORD_VAR: &str = "LEADWIZ_PASSWORD";
pub const MARKETO_SECRET_VAR: &str = "LEADWIZ_MARKETO_SECRET";

/// Every environment variable a form may read a secret from.
pub const SECRET_VARS: [&str; 4] = [
    CONNECTION_VAR,
    CLIENT_SECRET_VAR,
    PASSWORD_VAR,
    MARKETO_SECRET_VAR,
];

/// A destination's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Https,
    AzureTable,
    /// Dynamics 365 through an Entra ID application.
    DynamicsApp,
    /// Dynamics 365 through an Office 365 user.
    DynamicsUser,
    Salesforce,
    Marketo,
}

/// When a field must be filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Yes,
    No,
    /// Required when the field with this key is filled in.
    With(&'static str),
}

/// One field of a form.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The `leadwiz validate` flag the field stands for.
    pub key: &'static str,
    /// (English, Simplified Chinese).
    pub label: (&'static str, &'static str),
    /// What goes there, shown while the field is empty.
    pub example: (&'static str, &'static str),
    /// A secret: masked, never shown, saved or written to a transcript; when left empty it is
    /// read from this environment variable.
    pub secret_var: Option<&'static str>,
    pub required: Required,
    /// The value the field starts with.
    pub default: &'static str,
}

impl Field {
    pub fn label(&self, zh: bool) -> &'static str {
        if zh { self.label.1 } else { self.label.0 }
    }

    pub fn example(&self, zh: bool) -> &'static str {
        if zh { self.example.1 } else { self.example.0 }
    }
}

const fn field(
    key: &'static str,
    label: (&'static str, &'static str),
    example: (&'static str, &'static str),
    required: Required,
) -> Field {
    Field {
        key,
        label,
        example,
        secret_var: None,
        required,
        default: "",
    }
}

const fn secret(
    key: &'static str,
    label: (&'static str, &'static str),
    var: &'static str,
    required: Required,
) -> Field {
    Field {
        key,
        label,
        example: ("", ""),
        secret_var: Some(var),
        required,
        default: "",
    }
}

const LOOPBACK: (&str, &str) = (
    "optional, for local testing: http://127.0.0.1:PORT",
    "可选，仅用于本地测试：http://127.0.0.1:端口",
);

const INSTANCE_URL: Field = field(
    "--instance-url",
    ("Instance URL", "实例 URL"),
    (
        "https://contoso.crm4.dynamics.com",
        "https://contoso.crm4.dynamics.com",
    ),
    Required::Yes,
);
const AUTHORITY: Field = field(
    "--authority",
    ("Entra ID address", "Entra ID 地址"),
    LOOPBACK,
    Required::No,
);

const HTTPS: [Field; 1] = [field(
    "url",
    ("Endpoint URL", "终结点 URL"),
    (
        "the flow's HTTP POST URL, as in Partner Center",
        "流的 HTTP POST URL（与合作伙伴中心中的相同）",
    ),
    Required::Yes,
)];
const AZURE_TABLE: [Field; 2] = [
    secret(
        "--connection-string-file",
        ("Connection string", "连接字符串"),
        CONNECTION_VAR,
        Required::Yes,
    ),
    Field {
        default: super::azure_table::DEFAULT_TABLE,
        ..field(
            "--table",
            ("Table", "表"),
            ("MarketplaceLeads", "MarketplaceLeads"),
            Required::Yes,
        )
    },
];
const DYNAMICS_APP: [Field; 5] = [
    INSTANCE_URL,
    field(
        "--directory-id",
        ("Directory ID", "目录 ID"),
        (
            "the tenant's GUID (Entra ID > Overview)",
            "租户的 GUID（Entra ID >“概述”）",
        ),
        Required::Yes,
    ),
    field(
        "--application-id",
        ("Application ID", "应用程序 ID"),
        (
            "the app registration's Application (client) ID",
            "应用注册的“应用程序(客户端) ID”",
        ),
        Required::Yes,
    ),
    secret(
        "--secret-file",
        ("Client secret", "客户端密码"),
        CLIENT_SECRET_VAR,
        Required::Yes,
    ),
    AUTHORITY,
];
const DYNAMICS_USER: [Field; 4] = [
    INSTANCE_URL,
    field(
        "--user",
        ("User name", "用户名"),
        (
            "leads@contoso.onmicrosoft.com",
            "leads@contoso.onmicrosoft.com",
        ),
        Required::Yes,
    ),
    secret(
        "--password-file",
        ("Password", "密码"),
        PASSWORD_VAR,
        Required::Yes,
    ),
    AUTHORITY,
];
const SALESFORCE: [Field; 2] = [
    field(
        "--org-id",
        ("Organization ID", "组织 ID"),
        (
            "00D…: Setup > Company Information",
            "00D…：“设置”>“公司信息”",
        ),
        Required::Yes,
    ),
    field(
        "--web-to-lead-url",
        ("Web-to-lead address", "Web-to-Lead 地址"),
        LOOPBACK,
        Required::No,
    ),
];
const MARKETO: [Field; 5] = [
    field(
        "--munchkin-id",
        ("Munchkin ID", "Munchkin ID"),
        (
            "123-ABC-456, or paste the form's embed code",
            "123-ABC-456，或粘贴表单的嵌入代码",
        ),
        Required::Yes,
    ),
    field(
        "--form-id",
        ("Form ID", "表单 ID"),
        (
            "optional: the number in the embed code",
            "可选：嵌入代码中的数字",
        ),
        Required::No,
    ),
    field(
        "--client-id",
        ("Client ID", "客户端 ID"),
        (
            "optional: the API-only user's LaunchPoint service",
            "可选：仅限 API 用户的 LaunchPoint 服务",
        ),
        Required::No,
    ),
    secret(
        "--secret-file",
        ("Client secret", "客户端密码"),
        MARKETO_SECRET_VAR,
        Required::With("--client-id"),
    ),
    field(
        "--rest-url",
        ("REST address", "REST 地址"),
        LOOPBACK,
        Required::No,
    ),
];

impl Form {
    /// The destinations a user can pick, in the order they are listed.
    pub const ALL: [Form; 6] = [
        Form::Https,
        Form::AzureTable,
        Form::DynamicsApp,
        Form::DynamicsUser,
        Form::Salesforce,
        Form::Marketo,
    ];

    pub fn fields(self) -> &'static [Field] {
        match self {
            Form::Https => &HTTPS,
            Form::AzureTable => &AZURE_TABLE,
            Form::DynamicsApp => &DYNAMICS_APP,
            Form::DynamicsUser => &DYNAMICS_USER,
            Form::Salesforce => &SALESFORCE,
            Form::Marketo => &MARKETO,
        }
    }

    /// The guide's kind of check this form belongs to.
    pub fn kind(self) -> LiveCheck {
        match self {
            Form::Https => LiveCheck::Https,
            Form::AzureTable => LiveCheck::AzureTable,
            Form::DynamicsApp | Form::DynamicsUser => LiveCheck::Dynamics,
            Form::Salesforce => LiveCheck::Salesforce,
            Form::Marketo => LiveCheck::Marketo,
        }
    }

    /// The form of `kind` for the page `node`: a page about the Office 365 user sign-in opens
    /// that variant of the Dynamics form.
    pub fn for_page(kind: LiveCheck, node: &str) -> Option<Form> {
        Some(match kind {
            LiveCheck::Any => return None,
            LiveCheck::Https => Form::Https,
            LiveCheck::AzureTable => Form::AzureTable,
            LiveCheck::Dynamics if DYNAMICS_USER_NODES.contains(&node) => Form::DynamicsUser,
            LiveCheck::Dynamics => Form::DynamicsApp,
            LiveCheck::Salesforce => Form::Salesforce,
            LiveCheck::Marketo => Form::Marketo,
        })
    }

    /// The other way to sign in to Dynamics 365 (the same form for the other destinations).
    pub fn other_sign_in(self) -> Form {
        match self {
            Form::DynamicsApp => Form::DynamicsUser,
            Form::DynamicsUser => Form::DynamicsApp,
            f => f,
        }
    }

    /// The destination's name, as the form's title.
    pub fn title(self, zh: bool) -> &'static str {
        let (en, cn) = match self {
            Form::Https => ("HTTPS endpoint", "HTTPS 终结点"),
            Form::AzureTable => ("Azure Table", "Azure 表"),
            Form::DynamicsApp => (
                "Dynamics 365, signed in as an Entra ID application",
                "Dynamics 365，以 Entra ID 应用程序登录",
            ),
            Form::DynamicsUser => (
                "Dynamics 365, signed in as an Office 365 user",
                "Dynamics 365，以 Office 365 用户登录",
            ),
            Form::Salesforce => ("Salesforce", "Salesforce"),
            Form::Marketo => ("Marketo", "Marketo"),
        };
        if zh { cn } else { en }
    }
}

/// The pages about the Office 365 user sign-in: their check opens the user variant.
const DYNAMICS_USER_NODES: [&str; 9] = [
    "dynamics-setup-office365",
    "dynamics-office365-mfa",
    "entra-wrong-password",
    "entra-mfa-required",
    "entra-conditional-access-blocked",
    "entra-account-locked",
    "entra-account-disabled",
    "entra-password-expired",
    "entra-user-not-found",
];

/// The pages whose fix the Dynamics 365 check confirms (besides its guide page).
pub const DYNAMICS_NODES: [&str; 21] = [
    "dynamics-setup-aad",
    "dynamics-security-role",
    "dynamics-login-failed",
    "dynamics-aad-app-not-found",
    "dynamics-aad-invalid-client-secret",
    "dynamics-aad-invalid-tenant-id",
    "dynamics-aad-tenant-not-found",
    "dataverse-missing-privilege",
    "dataverse-missing-system-job-privilege",
    "dataverse-user-disabled",
    "dataverse-user-not-member",
    "entra-client-secret-missing",
    "entra-consent-missing",
    "entra-resource-not-in-tenant",
    "dynamics-setup-office365",
    "dynamics-office365-mfa",
    "entra-wrong-password",
    "entra-mfa-required",
    "entra-conditional-access-blocked",
    "entra-account-locked",
    "entra-password-expired",
];

/// A field the form cannot run with, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The field's index in the form.
    pub field: usize,
    pub message: Msg,
}

/// A check ready to run on any tokio runtime.
pub type Check = Pin<Box<dyn Future<Output = Validation> + Send>>;

/// A filled-in form, checked and ready to run.
pub struct Prepared {
    /// What is checked, secrets masked (for "Checking …" and the confirmation).
    pub target: String,
    /// The secret values used, to mask wherever they might slip through.
    pub secrets: Vec<String>,
    pub check: Check,
}

/// Checks the form's values (`values[i]` is field `i`'s text; an empty secret is read from its
/// environment variable through `env`) with the rules of the command's flags, and prepares the
/// check. `send` asks for the test lead (confirmed already).
pub fn prepare(
    form: Form,
    values: &[String],
    env: &dyn Fn(&str) -> Option<String>,
    send: bool,
    timeout: Duration,
) -> Result<Prepared, Invalid> {
    let fields = form.fields();
    let mut filled: Vec<String> = Vec::with_capacity(fields.len());
    for (i, f) in fields.iter().enumerate() {
        let typed = values.get(i).map(String::as_str).unwrap_or("");
        let value = match f.secret_var {
            Some(var) if typed.is_empty() => env(var).unwrap_or_default(),
            Some(_) => typed.to_owned(),
            None => typed.trim().to_owned(),
        };
        filled.push(value);
    }
    let value = |key: &str| -> &str {
        fields
            .iter()
            .position(|f| f.key == key)
            .map_or("", |i| filled[i].as_str())
    };
    for (i, f) in fields.iter().enumerate() {
        let needed = match f.required {
            Required::Yes => true,
            Required::No => false,
            Required::With(other) => !value(other).is_empty(),
        };
        if needed && filled[i].trim().is_empty() {
            let message = match f.secret_var {
                Some(var) => Msg::from((
                    format!("required: type it here, or set {var} before starting leadwiz"),
                    format!("必填：在此输入，或在启动 leadwiz 前设置 {var}"),
                )),
                None => ("required", "必填").into(),
            };
            return Err(Invalid { field: i, message });
        }
    }
    let invalid = |key: &str, message: Msg| Invalid {
        field: fields.iter().position(|f| f.key == key).unwrap_or(0),
        message,
    };
    let loopback_only = || -> Msg {
        (
            "only a loopback address (http://127.0.0.1:PORT) can replace a service's address, for local testing",
            "只有环回地址（http://127.0.0.1:端口）可以替换服务地址，仅用于本地测试",
        )
            .into()
    };
    // An optional replacement address: empty, or a loopback URL.
    let replacement = |key: &str| -> Result<Option<Url>, Invalid> {
        let raw = value(key);
        if raw.is_empty() {
            return Ok(None);
        }
        match Url::parse(raw) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && is_loopback(&u) => Ok(Some(u)),
            _ => Err(invalid(key, loopback_only())),
        }
    };
    let ticks = super::ticks_now();
    let secrets: Vec<String> = fields
        .iter()
        .zip(&filled)
        .filter(|(f, v)| f.secret_var.is_some() && !v.is_empty())
        .flat_map(|(_, v)| [v.clone(), v.trim().to_owned()])
        .collect();
    let prepared = |target: String, check: Check| Prepared {
        target,
        secrets: secrets.clone(),
        check,
    };
    Ok(match form {
        Form::Https => {
            let url = value("url").to_owned();
            prepared(
                shown_url(&url),
                Box::pin(async move { validate_simple::https(&url, send, ticks, timeout).await }),
            )
        }
        Form::AzureTable => {
            let conn = value("--connection-string-file").to_owned();
            let table = value("--table").to_owned();
            prepared(
                format!("table {table}"),
                Box::pin(async move {
                    validate_simple::azure_table(&conn, &table, send, ticks, timeout).await
                }),
            )
        }
        Form::DynamicsApp | Form::DynamicsUser => {
            let instance_url = value("--instance-url").to_owned();
            // http:// only to a loopback instance (a local test server).
            if let Ok(u) = Url::parse(&instance_url)
                && u.scheme() == "http"
                && !is_loopback(&u)
            {
                return Err(invalid("--instance-url", loopback_only()));
            }
            let authority = match replacement("--authority")? {
                Some(u) => u,
                None => Url::parse(entra::AUTHORITY).expect("a valid URL"),
            };
            let credentials = if form == Form::DynamicsUser {
                dynamics_validate::Credentials::User {
                    user: value("--user").to_owned(),
                    password: value("--password-file").to_owned(),
                }
            } else {
                dynamics_validate::Credentials::App {
                    directory_id: value("--directory-id").to_owned(),
                    application_id: value("--application-id").to_owned(),
                    secret: value("--secret-file").to_owned(),
                }
            };
            let input = dynamics_validate::Input {
                instance_url: instance_url.clone(),
                credentials,
                authority,
                timeout,
                send_test_lead: send,
                ticks,
            };
            prepared(
                shown_url(&instance_url),
                Box::pin(async move { dynamics_validate::validate(&input).await }),
            )
        }
        Form::Salesforce => {
            let endpoint = match replacement("--web-to-lead-url")? {
                Some(u) => u,
                None => Url::parse(salesforce::WEB_TO_LEAD).expect("a valid URL"),
            };
            let org = value("--org-id").to_owned();
            prepared(
                format!(
                    "Salesforce web-to-lead (Organization ID {})",
                    crate::sanitise::line(&org)
                ),
                Box::pin(async move {
                    salesforce::validate(&org, &endpoint, send, ticks, timeout).await
                }),
            )
        }
        Form::Marketo => {
            let rest = replacement("--rest-url")?;
            let client_id = Some(value("--client-id").to_owned()).filter(|c| !c.is_empty());
            let secret = client_id
                .as_ref()
                .map(|_| value("--secret-file").to_owned());
            let input = marketo::Input {
                munchkin: value("--munchkin-id").to_owned(),
                form_id: Some(value("--form-id").to_owned()).filter(|f| !f.is_empty()),
                client_id,
                secret,
                rest,
            };
            prepared(
                format!(
                    "Marketo ({})",
                    crate::width::ellipsize(&crate::sanitise::line(&input.munchkin), 40)
                ),
                Box::pin(async move { marketo::validate(&input, send, ticks, timeout).await }),
            )
        }
    })
}

/// The question asked before the test lead is sent (the command asks the same).
pub fn confirmation(target: &str, zh: bool) -> String {
    let target = crate::sanitise::line(target);
    if zh {
        format!(
            "向 {target} 发送一条测试潜在顾客（MSFT_TEST_…），与合作伙伴中心的“验证”相同？它会创建一条记录。"
        )
    } else {
        format!(
            "Send a test lead (MSFT_TEST_…) to {target}, as Partner Center's Validate does? It creates one record."
        )
    }
}

/// The label of the test-lead tick box.
pub fn send_label(zh: bool) -> &'static str {
    if zh {
        "同时发送“验证”所发送的测试潜在顾客 (--send-test-lead)"
    } else {
        "Also send the test lead Validate sends (--send-test-lead)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn required_fields_secrets_and_replacements_follow_the_commands_rules() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let err = prepare(
            Form::DynamicsApp,
            &v(&["https://contoso.crm.dynamics.com", "", "", "", ""]),
            &no_env,
            false,
            Duration::from_secs(1),
        )
        .err()
        .unwrap();
        assert_eq!(err.field, 1);
        // The secret comes from the environment when the field is empty.
        let values = v(&[
            "https://contoso.crm.dynamics.com",
            "11111111-2222-3333-4444-555555555555",
            "11111111-2222-3333-4444-555555555555",
            "",
            "",
        ]);
        let err = prepare(
            Form::DynamicsApp,
            &values,
            &no_env,
            false,
            Duration::from_secs(1),
        )
        .err()
        .unwrap();
        assert_eq!(err.field, 3);
        assert!(err.message.en.contains(CLIENT_SECRET_VAR));
        let env = |var: &str| (var == CLIENT_SECRET_VAR).then(|| "from-the-environment".to_owned());
        let ok = prepare(
            Form::DynamicsApp,
            &values,
            &env,
            false,
            Duration::from_secs(1),
        )
        .unwrap();
        assert!(ok.secrets.contains(&"from-the-environment".to_owned()));
        assert_eq!(ok.target, "https://contoso.crm.dynamics.com");
        // A replacement address is loopback or nothing.
        let mut bad = values.clone();
        bad[4] = "https://login.example.com".into();
        let err = prepare(Form::DynamicsApp, &bad, &env, false, Duration::from_secs(1))
            .err()
            .unwrap();
        assert_eq!(err.field, 4);
        // Marketo's secret is needed only with a Client ID.
        let m = v(&["123-ABC-456", "", "", "", ""]);
        assert!(prepare(Form::Marketo, &m, &no_env, false, Duration::from_secs(1)).is_ok());
        let m = v(&["123-ABC-456", "", "client", "", ""]);
        assert_eq!(
            prepare(Form::Marketo, &m, &no_env, false, Duration::from_secs(1))
                .err()
                .unwrap()
                .field,
            3
        );
    }

    #[test]
    fn a_page_opens_the_form_of_its_destination() {
        assert_eq!(
            Form::for_page(LiveCheck::Dynamics, "dest-dynamics"),
            Some(Form::DynamicsApp)
        );
        assert_eq!(
            Form::for_page(LiveCheck::Dynamics, "dynamics-office365-mfa"),
            Some(Form::DynamicsUser)
        );
        assert_eq!(Form::for_page(LiveCheck::Any, "start"), None);
        for form in Form::ALL {
            assert_eq!(
                Form::for_page(form.kind(), "x").map(Form::kind),
                Some(form.kind())
            );
        }
    }
}
