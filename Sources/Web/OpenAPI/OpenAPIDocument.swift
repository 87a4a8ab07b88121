/// The OpenAPI 3.1 document of `/api/v1`, served at `GET /api/v1/openapi.json`. `OpenAPITests` compares its
/// paths and methods with the router's, so a route cannot be added or removed without updating it.
enum OpenAPIDocument {
    static let json = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "crisisd JSON API",
  "version": "1",
  "description": "Crisis screen intake, clinical judgment, escalation episodes, safety plans and administration. Every route needs `Authorization: Bearer <token>`; errors are RFC 9457 problem+json naming fields by JSON pointer. FHIR (`/fhir`), health (`/healthz`, `/readyz`, `/metrics`) and PagerDuty webhooks (`/hooks/pagerduty`) are documented in the README."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "security": [
  {
   "bearer": []
  }
 ],
 "paths": {
  "/api/v1/assessments": {
   "post": {
    "summary": "Submit a screen; 201 only after it, its episode change and its pages are committed",
    "operationId": "submitAssessment",
    "tags": [
     "intake"
    ],
    "responses": {
     "201": {
      "description": "stored (outcome `invalid` included: routed at the worst reachable tier)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Assessment"
        }
       }
      }
     },
     "400": {
      "description": "the body is not JSON",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "415": {
      "description": "not application/json",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "unknown protocol, unknown item, an answer of a type the item can never take, bad subject or site, unknown field, reused Idempotency-Key",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "parameters": [
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string",
       "maxLength": 255
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/AssessmentRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/assessments/{id}": {
   "get": {
    "summary": "Read a stored assessment with its pages, tier changes and episode",
    "operationId": "getAssessment",
    "tags": [
     "intake"
    ],
    "responses": {
     "200": {
      "description": "the assessment",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Assessment"
        }
       }
      }
     },
     "404": {
      "description": "no such assessment",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/assessments/{id}/overrides": {
   "post": {
    "summary": "Change the tier in force with a reason (lowering high waits for a supervisor's co-signature)",
    "operationId": "overrideTier",
    "tags": [
     "judgment"
    ],
    "responses": {
     "201": {
      "description": "the tier change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TierOverride"
        }
       }
      }
     },
     "404": {
      "description": "no such assessment",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "missing or bad tier or reason",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "400": {
      "description": "the body is not a JSON object",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "additionalProperties": false,
        "required": [
         "tier",
         "reason"
        ],
        "properties": {
         "tier": {
          "$ref": "#/components/schemas/Tier"
         },
         "reason": {
          "type": "string",
          "minLength": 1,
          "maxLength": 2000
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/assessments/{id}/overrides/{override}/cosign": {
   "post": {
    "summary": "Co-sign lowering a high tier (supervisor, not the requester)",
    "operationId": "cosignOverride",
    "tags": [
     "judgment"
    ],
    "responses": {
     "200": {
      "description": "the signed tier change",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TierOverride"
        }
       }
      }
     },
     "404": {
      "description": "no such assessment or tier change",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "409": {
      "description": "one's own request, or not waiting for a co-signature",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "400": {
      "description": "the body is not a JSON object",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "override",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/episodes": {
   "get": {
    "summary": "Escalation episodes, most urgent next step first",
    "operationId": "listEpisodes",
    "tags": [
     "escalation"
    ],
    "responses": {
     "200": {
      "description": "episodes",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "episodes"
         ],
         "properties": {
          "episodes": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Episode"
           }
          }
         }
        }
       }
      }
     },
     "400": {
      "description": "bad state parameter",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "parameters": [
     {
      "name": "state",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "open",
        "all"
       ],
       "default": "open"
      }
     }
    ]
   }
  },
  "/api/v1/episodes/{id}": {
   "get": {
    "summary": "One episode with its timeline (every transition and delivery attempt)",
    "operationId": "getEpisode",
    "tags": [
     "escalation"
    ],
    "responses": {
     "200": {
      "description": "the episode",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Episode"
        }
       }
      }
     },
     "404": {
      "description": "no such episode",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/episodes/{id}/acknowledge": {
   "post": {
    "summary": "Acknowledge (clinician or supervisor); each person's acknowledgement is kept",
    "operationId": "acknowledgeEpisode",
    "tags": [
     "escalation"
    ],
    "responses": {
     "200": {
      "description": "the episode",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Episode"
        }
       }
      }
     },
     "404": {
      "description": "no such episode",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "409": {
      "description": "already resolved",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "bad kind or unknown field",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "400": {
      "description": "the body is not a JSON object",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "kind": {
          "type": "string",
          "enum": [
           "responding",
           "with_patient"
          ],
          "default": "responding"
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/episodes/{id}/escalate": {
   "post": {
    "summary": "Escalate now: the next step fires at once",
    "operationId": "escalateEpisode",
    "tags": [
     "escalation"
    ],
    "responses": {
     "200": {
      "description": "the episode",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Episode"
        }
       }
      }
     },
     "404": {
      "description": "no such episode",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "409": {
      "description": "already resolved",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "unknown field",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "400": {
      "description": "the body is not a JSON object",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "additionalProperties": false,
        "properties": {}
       }
      }
     }
    }
   }
  },
  "/api/v1/episodes/{id}/resolve": {
   "post": {
    "summary": "Resolve with a documented disposition",
    "operationId": "resolveEpisode",
    "tags": [
     "escalation"
    ],
    "responses": {
     "200": {
      "description": "the episode",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Episode"
        }
       }
      }
     },
     "404": {
      "description": "no such episode",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "409": {
      "description": "already resolved, or `safety_plan_completed` for a moderate-or-higher episode while the client has no active safety plan (`/disposition`)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "no disposition, an unknown one, a missing note where one is required, or an unknown field",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "400": {
      "description": "the body is not a JSON object",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "additionalProperties": false,
        "required": [
         "disposition"
        ],
        "properties": {
         "disposition": {
          "$ref": "#/components/schemas/Disposition"
         },
         "note": {
          "type": "string",
          "maxLength": 2000
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/admin/reload": {
   "post": {
    "summary": "Reload Protocols/ and Escalation/ (admin); the whole set or nothing",
    "operationId": "reloadDefinitions",
    "tags": [
     "admin"
    ],
    "responses": {
     "200": {
      "description": "the definitions now in force",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Definitions"
        }
       }
      }
     },
     "422": {
      "description": "the definitions have errors; the running set is unchanged",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "400": {
      "description": "the body is not a JSON object",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     }
    }
   }
  },
  "/api/v1/openapi.json": {
   "get": {
    "summary": "This document",
    "operationId": "getOpenAPI",
    "tags": [
     "meta"
    ],
    "security": [],
    "responses": {
     "200": {
      "description": "the OpenAPI document",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/safety-plan-templates": {
   "get": {
    "summary": "Safety-plan templates (sections, headings, prompts, licence) and the crisis resources directory",
    "operationId": "listSafetyPlanTemplates",
    "tags": [
     "safety plans"
    ],
    "responses": {
     "200": {
      "description": "the loaded templates and the directory",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SafetyPlanTemplates"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/safety-plans": {
   "post": {
    "summary": "Write a new draft plan for a client crisisd knows; the professionals section is pre-filled from the crisis resources directory unless given",
    "operationId": "createSafetyPlan",
    "tags": [
     "safety plans"
    ],
    "responses": {
     "201": {
      "description": "the draft plan with its quality report",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SafetyPlan"
        }
       }
      }
     },
     "400": {
      "description": "the body is not a JSON object",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "422": {
      "description": "a field problem, named by JSON pointer: unknown section or field, too many entries, over-long text, unknown client, template or screen",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SafetyPlanRequest"
       }
      }
     }
    }
   },
   "get": {
    "summary": "A client's plans, newest first",
    "operationId": "listSafetyPlans",
    "tags": [
     "safety plans"
    ],
    "responses": {
     "200": {
      "description": "the plans",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SafetyPlanList"
        }
       }
      }
     },
     "400": {
      "description": "subject=system|value is required",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "parameters": [
     {
      "name": "subject",
      "in": "query",
      "required": true,
      "description": "system|value",
      "schema": {
       "type": "string",
       "pattern": "^[^|]+\\|.+$"
      }
     }
    ]
   }
  },
  "/api/v1/safety-plans/{id}": {
   "get": {
    "summary": "One plan: sections in the form's order with the client's words, quality report, licence",
    "operationId": "getSafetyPlan",
    "tags": [
     "safety plans"
    ],
    "responses": {
     "200": {
      "description": "the plan",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SafetyPlan"
        }
       }
      }
     },
     "404": {
      "description": "no such plan",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/safety-plans/{id}/revisions": {
   "get": {
    "summary": "Every revision, with who wrote it and when",
    "operationId": "listSafetyPlanRevisions",
    "tags": [
     "safety plans"
    ],
    "responses": {
     "200": {
      "description": "the revisions, oldest first",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SafetyPlanRevisions"
        }
       }
      }
     },
     "404": {
      "description": "no such plan",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   },
   "post": {
    "summary": "Save a new revision on top of the one the writer saw (`based_on`)",
    "operationId": "reviseSafetyPlan",
    "tags": [
     "safety plans"
    ],
    "responses": {
     "200": {
      "description": "the plan as revised",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SafetyPlan"
        }
       }
      }
     },
     "404": {
      "description": "no such plan",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "409": {
      "description": "the plan was superseded, or another revision was saved meanwhile (`/based_on`)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "400": {
      "description": "the body is not a JSON object",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "422": {
      "description": "a field problem, named by JSON pointer: unknown section or field, too many entries, over-long text, unknown client, template or screen",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SafetyPlanRevisionRequest"
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/safety-plans/{id}/activate": {
   "post": {
    "summary": "Run the quality check and make the plan the client's active one (the previous active plan is superseded)",
    "operationId": "activateSafetyPlan",
    "tags": [
     "safety plans"
    ],
    "responses": {
     "200": {
      "description": "the active plan",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SafetyPlan"
        }
       }
      }
     },
     "404": {
      "description": "no such plan",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "409": {
      "description": "the plan was superseded",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "the plan does not pass the quality check; each problem names its section",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/safety-plans/{id}/print": {
   "get": {
    "summary": "The client's printable copy: one page of HTML, large type, no script",
    "operationId": "printSafetyPlan",
    "tags": [
     "safety plans"
    ],
    "responses": {
     "200": {
      "description": "the page",
      "content": {
       "text/html": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "404": {
      "description": "no such plan",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "409": {
      "description": "the plan's template is not loaded",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  }
 },
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "`crisisd token create --role ehr|clinician|supervisor|admin`"
   }
  },
  "schemas": {
   "Tier": {
    "type": "string",
    "enum": [
     "none",
     "low",
     "moderate",
     "high"
    ]
   },
   "Disposition": {
    "type": "string",
    "enum": [
     "safety_plan_completed",
     "evaluated_discharged_with_plan",
     "admitted_or_transferred",
     "involuntary_hold",
     "mobile_crisis_dispatched",
     "eloped_welfare_check",
     "third_party_protection_documented",
     "not_at_risk",
     "other"
    ],
    "description": "`not_at_risk` and `other` need a note."
   },
   "Problem": {
    "type": "object",
    "required": [
     "type",
     "title",
     "status",
     "detail"
    ],
    "properties": {
     "type": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "status": {
      "type": "integer"
     },
     "detail": {
      "type": "string"
     },
     "pointer": {
      "type": "string"
     },
     "errors": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "pointer",
        "detail"
       ],
       "properties": {
        "pointer": {
         "type": "string"
        },
        "detail": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "Subject": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "system",
     "value"
    ],
    "properties": {
     "system": {
      "type": "string",
      "minLength": 1
     },
     "value": {
      "type": "string",
      "minLength": 1
     }
    }
   },
   "AssessmentRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "protocol",
     "answers",
     "subject"
    ],
    "properties": {
     "protocol": {
      "type": "string",
      "description": "a protocol id from Protocols/",
      "minLength": 1
     },
     "answers": {
      "type": "object",
      "description": "by item id; an item not asked is absent",
      "additionalProperties": {
       "type": [
        "string",
        "integer"
       ]
      }
     },
     "subject": {
      "$ref": "#/components/schemas/Subject"
     },
     "site": {
      "type": "string",
      "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
     },
     "completed_at": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "Assessment": {
    "type": "object",
    "required": [
     "id",
     "subject",
     "protocol",
     "version",
     "hash",
     "outcome",
     "tier",
     "final_tier",
     "domain",
     "flags",
     "action",
     "fired",
     "problems",
     "follow_ups",
     "completed_at",
     "received_at",
     "pages",
     "overrides",
     "episode"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "subject": {
      "$ref": "#/components/schemas/Subject"
     },
     "site": {
      "type": [
       "string",
       "null"
      ]
     },
     "protocol": {
      "type": "string"
     },
     "version": {
      "type": "string"
     },
     "hash": {
      "type": "string"
     },
     "outcome": {
      "type": "string"
     },
     "score": {
      "type": [
       "integer",
       "null"
      ]
     },
     "tier": {
      "$ref": "#/components/schemas/Tier"
     },
     "final_tier": {
      "$ref": "#/components/schemas/Tier"
     },
     "domain": {
      "type": "string",
      "enum": [
       "self",
       "others"
      ]
     },
     "flags": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "action": {
      "type": "object",
      "required": [
       "class",
       "within_minutes",
       "deadline",
       "text"
      ],
      "properties": {
       "class": {
        "type": "string",
        "enum": [
         "none",
         "routine",
         "same_day",
         "before_discharge",
         "stat"
        ]
       },
       "within_minutes": {
        "type": [
         "integer",
         "null"
        ]
       },
       "deadline": {
        "type": [
         "string",
         "null"
        ]
       },
       "text": {
        "type": "string"
       }
      }
     },
     "fired": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "rule",
        "outcome",
        "explanation"
       ],
       "properties": {
        "rule": {
         "type": "string"
        },
        "outcome": {
         "type": "string"
        },
        "explanation": {
         "type": "string"
        }
       }
      }
     },
     "problems": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "item",
        "kind",
        "message",
        "pointer"
       ],
       "properties": {
        "item": {
         "type": "string"
        },
        "kind": {
         "type": "string"
        },
        "message": {
         "type": "string"
        },
        "pointer": {
         "type": "string"
        }
       }
      }
     },
     "follow_ups": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "completed_at": {
      "type": "string",
      "format": "date-time"
     },
     "received_at": {
      "type": "string",
      "format": "date-time"
     },
     "pages": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "receiver",
        "status"
       ],
       "properties": {
        "id": {
         "type": "string"
        },
        "receiver": {
         "type": "string"
        },
        "status": {
         "type": "string",
         "enum": [
          "pending",
          "delivered",
          "failed"
         ]
        }
       }
      }
     },
     "overrides": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/TierOverride"
      }
     },
     "episode": {
      "oneOf": [
       {
        "type": "null"
       },
       {
        "type": "object",
        "required": [
         "id",
         "state",
         "tier",
         "opened"
        ],
        "properties": {
         "id": {
          "type": "string"
         },
         "state": {
          "type": "string"
         },
         "tier": {
          "$ref": "#/components/schemas/Tier"
         },
         "opened": {
          "type": "boolean"
         }
        }
       }
      ]
     }
    }
   },
   "TierOverride": {
    "type": "object",
    "required": [
     "id",
     "from_tier",
     "to_tier",
     "reason",
     "requested_by",
     "requested_at",
     "status",
     "cosigned_by",
     "cosigned_at"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "from_tier": {
      "$ref": "#/components/schemas/Tier"
     },
     "to_tier": {
      "$ref": "#/components/schemas/Tier"
     },
     "reason": {
      "type": "string"
     },
     "requested_by": {
      "type": "string"
     },
     "requested_at": {
      "type": "string",
      "format": "date-time"
     },
     "status": {
      "type": "string",
      "enum": [
       "effective",
       "pending_cosign"
      ]
     },
     "cosigned_by": {
      "type": [
       "string",
       "null"
      ]
     },
     "cosigned_at": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "Actor": {
    "type": "object",
    "required": [
     "id",
     "name",
     "via"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "via": {
      "type": "string",
      "enum": [
       "api",
       "pagerduty"
      ]
     }
    }
   },
   "Episode": {
    "type": "object",
    "required": [
     "id",
     "state",
     "tier",
     "domain",
     "action",
     "site",
     "protocol",
     "summary",
     "policy",
     "step",
     "pass",
     "unreached",
     "next_due_at",
     "due",
     "deadline",
     "assessments",
     "acknowledgements",
     "resolution",
     "paged_receivers",
     "created_at",
     "updated_at"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "state": {
      "type": "string",
      "enum": [
       "notified",
       "acknowledged",
       "resolved"
      ]
     },
     "tier": {
      "$ref": "#/components/schemas/Tier"
     },
     "domain": {
      "type": "string",
      "enum": [
       "self",
       "others"
      ]
     },
     "action": {
      "type": "string"
     },
     "site": {
      "type": [
       "string",
       "null"
      ]
     },
     "protocol": {
      "type": "string"
     },
     "summary": {
      "type": "string"
     },
     "policy": {
      "type": "object",
      "required": [
       "id",
       "plan_version",
       "plan_hash"
      ],
      "properties": {
       "id": {
        "type": "string"
       },
       "plan_version": {
        "type": "string"
       },
       "plan_hash": {
        "type": "string"
       }
      }
     },
     "step": {
      "type": "integer",
      "minimum": 1
     },
     "pass": {
      "type": "integer",
      "minimum": 1
     },
     "unreached": {
      "type": "boolean"
     },
     "next_due_at": {
      "type": [
       "string",
       "null"
      ]
     },
     "due": {
      "type": [
       "string",
       "null"
      ],
      "enum": [
       "next_step",
       "final_fallback",
       "acknowledgement_timeout",
       "deadline",
       null
      ]
     },
     "deadline": {
      "type": [
       "string",
       "null"
      ]
     },
     "assessments": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "acknowledgements": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "by",
        "kind",
        "at"
       ],
       "properties": {
        "by": {
         "$ref": "#/components/schemas/Actor"
        },
        "kind": {
         "type": "string",
         "enum": [
          "responding",
          "with_patient"
         ]
        },
        "at": {
         "type": "string"
        }
       }
      }
     },
     "resolution": {
      "oneOf": [
       {
        "type": "null"
       },
       {
        "type": "object",
        "required": [
         "by",
         "disposition",
         "note",
         "at"
        ],
        "properties": {
         "by": {
          "$ref": "#/components/schemas/Actor"
         },
         "disposition": {
          "$ref": "#/components/schemas/Disposition"
         },
         "note": {
          "type": [
           "string",
           "null"
          ]
         },
         "at": {
          "type": "string"
         }
        }
       }
      ]
     },
     "paged_receivers": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "created_at": {
      "type": "string"
     },
     "updated_at": {
      "type": "string"
     },
     "timeline": {
      "type": "array",
      "description": "only when one episode is read",
      "items": {
       "type": "object",
       "required": [
        "at",
        "kind",
        "actor",
        "detail"
       ],
       "properties": {
        "at": {
         "type": "string"
        },
        "kind": {
         "type": "string"
        },
        "actor": {
         "oneOf": [
          {
           "type": "null"
          },
          {
           "$ref": "#/components/schemas/Actor"
          }
         ]
        },
        "detail": {
         "type": "object",
         "additionalProperties": {
          "type": "string"
         }
        }
       }
      }
     }
    }
   },
   "Definitions": {
    "type": "object",
    "required": [
     "protocols",
     "escalation",
     "warnings"
    ],
    "properties": {
     "protocols": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "version",
        "hash"
       ],
       "properties": {
        "id": {
         "type": "string"
        },
        "version": {
         "type": "string"
        },
        "hash": {
         "type": "string"
        }
       }
      }
     },
     "escalation": {
      "type": "object",
      "required": [
       "version",
       "hash"
      ],
      "properties": {
       "version": {
        "type": "string"
       },
       "hash": {
        "type": "string"
       }
      }
     },
     "warnings": {
      "type": "array",
      "items": {
       "type": "string"
      }
     }
    }
   },
   "SafetyPlanRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "subject"
    ],
    "properties": {
     "subject": {
      "$ref": "#/components/schemas/Subject"
     },
     "template": {
      "type": "string",
      "description": "default stanley_brown"
     },
     "assessments": {
      "type": "array",
      "maxItems": 20,
      "items": {
       "type": "string"
      },
      "description": "the screens that prompted the plan"
     },
     "sections": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
       "warning_signs": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "internal_coping": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "social_distraction": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "help_contacts": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "professionals_agencies": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "environment_safe": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "most_important_thing": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       }
      },
      "description": "by section id of the template (the Stanley-Brown ids are listed; other templates have their own)"
     }
    }
   },
   "SafetyPlanRevisionRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "based_on",
     "sections"
    ],
    "properties": {
     "based_on": {
      "type": "integer",
      "minimum": 1
     },
     "sections": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
       "warning_signs": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "internal_coping": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "social_distraction": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "help_contacts": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "professionals_agencies": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "environment_safe": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       },
       "most_important_thing": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "entries": {
          "type": "array",
          "maxItems": 10,
          "items": {
           "type": "object",
           "additionalProperties": false,
           "maxProperties": 5,
           "properties": {
            "text": {
             "type": "string",
             "maxLength": 500
            },
            "name": {
             "type": "string",
             "maxLength": 500
            },
            "phone": {
             "type": "string",
             "maxLength": 500
            },
            "place": {
             "type": "string",
             "maxLength": 500
            },
            "hours": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         },
         "not_applicable": {
          "type": "string",
          "minLength": 1,
          "maxLength": 500
         },
         "lethal_means": {
          "type": "object",
          "additionalProperties": false,
          "required": [
           "counselled"
          ],
          "properties": {
           "counselled": {
            "type": "boolean"
           },
           "means": {
            "type": "array",
            "maxItems": 10,
            "items": {
             "type": "string",
             "maxLength": 100
            }
           },
           "note": {
            "type": "string",
            "maxLength": 500
           }
          }
         }
        }
       }
      },
      "description": "by section id of the template (the Stanley-Brown ids are listed; other templates have their own)"
     }
    }
   },
   "SafetyPlan": {
    "type": "object",
    "required": [
     "id",
     "subject",
     "template",
     "status",
     "revision",
     "assessments",
     "sections",
     "quality",
     "created_at",
     "created_by",
     "updated_at"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "subject": {
      "$ref": "#/components/schemas/Subject"
     },
     "template": {
      "type": "object",
      "required": [
       "id",
       "version",
       "hash"
      ],
      "properties": {
       "id": {
        "type": "string"
       },
       "version": {
        "type": "string"
       },
       "hash": {
        "type": "string"
       }
      }
     },
     "status": {
      "type": "string",
      "enum": [
       "draft",
       "active",
       "superseded"
      ]
     },
     "revision": {
      "type": "integer",
      "minimum": 1
     },
     "assessments": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "sections": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "heading",
        "prompt",
        "fields",
        "entries"
       ],
       "properties": {
        "id": {
         "type": "string"
        },
        "step": {
         "type": "integer"
        },
        "heading": {
         "type": "string"
        },
        "prompt": {
         "type": "string"
        },
        "fields": {
         "type": "array",
         "items": {
          "type": "string"
         }
        },
        "entries": {
         "type": "array",
         "items": {
          "type": "object",
          "additionalProperties": {
           "type": "string"
          }
         }
        },
        "not_applicable": {
         "type": "string"
        },
        "lethal_means": {
         "type": "object",
         "additionalProperties": false,
         "required": [
          "counselled"
         ],
         "properties": {
          "counselled": {
           "type": "boolean"
          },
          "means": {
           "type": "array",
           "maxItems": 10,
           "items": {
            "type": "string",
            "maxLength": 100
           }
          },
          "note": {
           "type": "string",
           "maxLength": 500
          }
         }
        }
       }
      }
     },
     "quality": {
      "type": "object",
      "required": [
       "problems",
       "warnings"
      ],
      "properties": {
       "problems": {
        "type": "array",
        "items": {
         "type": "object",
         "required": [
          "code",
          "message"
         ],
         "properties": {
          "section": {
           "type": "string"
          },
          "code": {
           "type": "string"
          },
          "message": {
           "type": "string"
          }
         }
        }
       },
       "warnings": {
        "type": "array",
        "items": {
         "type": "object",
         "required": [
          "code",
          "message"
         ],
         "properties": {
          "section": {
           "type": "string"
          },
          "code": {
           "type": "string"
          },
          "message": {
           "type": "string"
          }
         }
        }
       }
      }
     },
     "tier_in_force": {
      "$ref": "#/components/schemas/Tier"
     },
     "licence": {
      "type": "object",
      "required": [
       "attribution",
       "text",
       "recorded"
      ],
      "properties": {
       "attribution": {
        "type": "string"
       },
       "text": {
        "type": "string"
       },
       "recorded": {
        "type": "boolean"
       }
      }
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "created_by": {
      "type": "string"
     },
     "updated_at": {
      "type": "string",
      "format": "date-time"
     },
     "activated_at": {
      "type": "string",
      "format": "date-time"
     },
     "superseded_at": {
      "type": "string",
      "format": "date-time"
     },
     "superseded_by": {
      "type": "string"
     }
    }
   },
   "SafetyPlanList": {
    "type": "object",
    "required": [
     "plans"
    ],
    "properties": {
     "plans": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "status",
        "revision",
        "template",
        "created_at"
       ],
       "properties": {
        "id": {
         "type": "string"
        },
        "status": {
         "type": "string",
         "enum": [
          "draft",
          "active",
          "superseded"
         ]
        },
        "revision": {
         "type": "integer"
        },
        "template": {
         "type": "string"
        },
        "created_at": {
         "type": "string",
         "format": "date-time"
        },
        "activated_at": {
         "type": "string",
         "format": "date-time"
        }
       }
      }
     }
    }
   },
   "SafetyPlanRevisions": {
    "type": "object",
    "required": [
     "revisions"
    ],
    "properties": {
     "revisions": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "number",
        "author",
        "author_name",
        "at",
        "sections"
       ],
       "properties": {
        "number": {
         "type": "integer"
        },
        "author": {
         "type": "string"
        },
        "author_name": {
         "type": "string"
        },
        "at": {
         "type": "string",
         "format": "date-time"
        },
        "sections": {
         "type": "object",
         "additionalProperties": {
          "type": "object"
         }
        }
       }
      }
     }
    }
   },
   "SafetyPlanTemplates": {
    "type": "object",
    "required": [
     "templates",
     "crisis_resources"
    ],
    "properties": {
     "templates": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "version",
        "hash",
        "title",
        "attribution",
        "licence",
        "licence_recorded",
        "sections"
       ],
       "properties": {
        "id": {
         "type": "string"
        },
        "version": {
         "type": "string"
        },
        "hash": {
         "type": "string"
        },
        "title": {
         "type": "string"
        },
        "attribution": {
         "type": "string"
        },
        "licence": {
         "type": "string"
        },
        "licence_recorded": {
         "type": "boolean"
        },
        "sections": {
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "id",
           "heading",
           "prompt",
           "fields",
           "entries"
          ],
          "properties": {
           "id": {
            "type": "string"
           },
           "step": {
            "type": "integer"
           },
           "heading": {
            "type": "string"
           },
           "prompt": {
            "type": "string"
           },
           "fields": {
            "type": "array",
            "items": {
             "type": "string"
            }
           },
           "entries": {
            "type": "array",
            "items": {
             "type": "object",
             "additionalProperties": {
              "type": "string"
             }
            }
           },
           "not_applicable": {
            "type": "string"
           },
           "lethal_means": {
            "type": "object",
            "additionalProperties": false,
            "required": [
             "counselled"
            ],
            "properties": {
             "counselled": {
              "type": "boolean"
             },
             "means": {
              "type": "array",
              "maxItems": 10,
              "items": {
               "type": "string",
               "maxLength": 100
              }
             },
             "note": {
              "type": "string",
              "maxLength": 500
             }
            }
           }
          }
         }
        }
       }
      }
     },
     "crisis_resources": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "name",
        "phone",
        "hours",
        "scope"
       ],
       "properties": {
        "id": {
         "type": "string"
        },
        "name": {
         "type": "string"
        },
        "phone": {
         "type": "string"
        },
        "hours": {
         "type": "string"
        },
        "scope": {
         "type": "string",
         "enum": [
          "national",
          "local"
         ]
        }
       }
      }
     }
    }
   }
  },
  "responses": {
   "Unauthorized": {
    "description": "missing, unknown, revoked or expired bearer token",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "Forbidden": {
    "description": "the token's role may not do this (SMART client tokens are for /fhir only)",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "Unavailable": {
    "description": "the database is unavailable; nothing was changed, retry",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "TooLarge": {
    "description": "the body is larger than limits.max_body_bytes",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   }
  }
 }
}
"""#
}
